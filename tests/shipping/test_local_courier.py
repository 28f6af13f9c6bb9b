"""The offline courier: numbered AWBs, a real A6 label with the barcode and QR, lockers, tracking."""

import io
import re
import threading
from decimal import Decimal

import pypdf
import pytest
import segno
from django.db import connection, connections

from marketplace.shipping import labels
from marketplace.shipping.couriers import Address, AwbRequest, CourierRefused, LocalCourier, Parcel, default_courier
from marketplace.shipping.couriers.local import awb_next_number
from marketplace.shipping.labels import LabelData, labels_pdf

BUYER = Address(name="Ana Popescu", phone="+40722123456", street="Str. Ștefan cel Mare 10", city="București", county="București", postal_code="010101")
SHOP = Address(name="Boutique Țărână", phone="+40733111222", street="Calea Victoriei 1", city="București", county="București")


def _request(**kw) -> AwbRequest:
    values = {"reference": "SNB-1", "sender": SHOP, "recipient": BUYER, "parcel": Parcel(weight_kg=Decimal("1.20")),
              "cod_amount": Decimal("1725.00")}
    values.update(kw)
    return AwbRequest(**values)


def _page_stream(pdf: bytes, page: int = 0) -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader.pages[page].get_contents().get_data()


@pytest.mark.django_db
def test_awb_numbers_come_from_a_sequence_and_the_label_is_a_real_a6_pdf():
    # Given the offline courier
    courier = LocalCourier()
    # When two AWBs are made
    first, second = courier.create_awb(_request()), courier.create_awb(_request(reference="SNB-2"))
    # Then they are numbered one after the other
    assert re.fullmatch(r"SNB\d{9}", first.awb_number)
    assert int(second.awb_number[3:]) == int(first.awb_number[3:]) + 1
    # And the label is a one-page A6 PDF naming the AWB, both parties and the cash to collect
    reader = pypdf.PdfReader(io.BytesIO(first.label_pdf))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert round(width / 72 * 25.4) == 105 and round(height / 72 * 25.4) == 148
    text = reader.pages[0].extract_text()
    assert first.awb_number in text and "Ana Popescu" in text and "Boutique Țărână" in text
    assert "1.725,00 lei" in text


@pytest.mark.django_db
def test_the_label_draws_a_code128_barcode_and_a_qr_code_of_the_tracking_page(monkeypatch):
    # Given a label drawn once with and once without a tracking page
    data = {"awb_number": "SNB000000042", "courier_label": "SNOBISTIC", "sender": SHOP, "recipient": BUYER,
            "service": "Easybox", "weight_kg": Decimal("1.00")}
    with_qr = _page_stream(labels_pdf([LabelData(**data, tracking_url="https://snobistic.ro/track/SNB000000042/")]))
    without = _page_stream(labels_pdf([LabelData(**data)]))
    # Then the barcode's bars are there in both (Code 128 of 12 characters: dozens of filled rectangles)
    assert without.count(b" re") > 30
    # And the QR code adds hundreds of modules more
    assert with_qr.count(b" re") > without.count(b" re") + 100


def test_the_qr_code_encodes_the_tracking_url():
    seen = []
    real = segno.make_qr
    labels.segno.make_qr = lambda text, **kw: seen.append(text) or real(text, **kw)
    try:
        labels_pdf([LabelData(awb_number="X1", courier_label="S", sender=SHOP, recipient=BUYER, service="x",
                              weight_kg=Decimal("1"), tracking_url="https://snobistic.ro/track/X1/")])
    finally:
        labels.segno.make_qr = real
    assert seen == ["https://snobistic.ro/track/X1/"]


@pytest.mark.django_db
def test_a_locker_parcel_needs_a_known_locker():
    courier = LocalCourier()
    with pytest.raises(CourierRefused):
        courier.create_awb(_request(service="locker", locker_id="NOPE"))
    result = courier.create_awb(_request(service="locker", locker_id="EB-CJ-IULIUS"))
    text = pypdf.PdfReader(io.BytesIO(result.label_pdf)).pages[0].extract_text()
    assert "EB-CJ-IULIUS" in text and "Iulius Mall Cluj" in text


def test_the_shipped_locker_list_covers_the_big_towns():
    lockers = default_courier().lockers()
    assert len(lockers) >= 60
    towns = {locker.city for locker in lockers}
    assert {"București", "Cluj-Napoca", "Timișoara", "Iași", "Constanța", "Brașov"} <= towns
    assert len({locker.id for locker in lockers}) == len(lockers)
    assert all(locker.address and locker.postal_code and locker.latitude for locker in lockers)


def test_the_pdf_prints_diacritics_and_survives_markup_in_names():
    evil = Address(name="<img src=/etc/passwd> Șerban", phone="1", street="x", city="Iași", county="Iași")
    pdf = labels_pdf([LabelData(awb_number="A1", courier_label="S", sender=SHOP, recipient=evil, service="x", weight_kg=Decimal("1"))])
    assert "<img src=/etc/passwd> Șerban" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL")
def test_concurrent_workers_never_get_the_same_awb_number():
    barrier = threading.Barrier(8)
    numbers, lock = [], threading.Lock()

    def take():
        try:
            barrier.wait()
            for _i in range(5):
                number = awb_next_number()
                with lock:
                    numbers.append(number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(1, 41))



def test_each_real_courier_is_available_only_with_its_credentials(settings):
    from marketplace.shipping.couriers import available_couriers, courier_for

    settings.SHIPPING_DEFAULT_COURIER = "sameday"
    for name in ("SAMEDAY_USERNAME", "FANCOURIER_CLIENT_ID", "CARGUS_SUBSCRIPTION_KEY", "DPD_USERNAME"):
        setattr(settings, name, "")
    assert [c.code for c in available_couriers()] == ["local"]
    assert default_courier().code == "local"  # a default that is not switched on falls back to the offline courier
    settings.SAMEDAY_USERNAME, settings.SAMEDAY_PASSWORD = "snobistic", "secret"
    settings.DPD_USERNAME, settings.DPD_PASSWORD = "200", "secret"
    assert [c.code for c in available_couriers()] == ["local", "sameday", "dpd"]
    assert default_courier().code == "sameday"
    assert {courier_for(code).code for code in ("sameday", "fancourier", "cargus", "dpd")} == {"sameday", "fancourier", "cargus", "dpd"}
