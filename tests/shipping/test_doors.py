"""The AWB pages of both back offices, the staff's bulk print, the courier webhook, the checkout's locker search."""

import hashlib
import hmac
import io
import json

import pypdf
import pytest
from django.test import override_settings
from django.urls import reverse

from marketplace.orders.models import Order
from marketplace.shipping.models import Consignment
from tests.factories import UserFactory, approved_vendor, jpeg_bytes, login_with_second_factor, shop_manager

from .helpers import cod_order

pytestmark = pytest.mark.django_db


def vendor_client(client, vendor):
    login_with_second_factor(client, vendor.user)
    return client


def test_the_vendor_generates_prints_photographs_and_hands_over_from_their_page(client, django_capture_on_commit_callbacks):
    # Given a confirmed cash-on-delivery order of one shop
    order = cod_order()
    shipment = order.shipments.get()
    client = vendor_client(client, shipment.vendor)
    page = reverse("generate_awb", args=[shipment.pk])
    # The shipment page links to the AWB page
    body = client.get(reverse("vendors:orders_shipment_change", args=[shipment.pk])).content.decode()
    assert page in body
    # The AWB page offers the form, in Romanian
    body = client.get(page).content.decode()
    assert "Generează AWB" in body and "data-generate-awb" in body
    # When the vendor generates it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"courier": "local", "service": "address", "size": "M", "weight": "1.2"})
    assert response.status_code == 302
    consignment = Consignment.objects.get(shipment=shipment)
    assert consignment.status == "awb_generated"
    body = client.get(page).content.decode()
    assert consignment.awb_number in body and "data-label-link" in body
    # The label downloads as a PDF
    label = client.get(reverse("awb_label", args=[shipment.pk]))
    assert label["Content-Type"] == "application/pdf" and label.content[:5] == b"%PDF-"
    # Photos of the packed parcel are saved
    photo = io.BytesIO(jpeg_bytes())
    photo.name = "colet.jpg"
    response = client.post(reverse("upload_awb", args=[shipment.pk]), {"kind": "parcel", "photos": [photo]}, follow=True)
    assert consignment.photos.count() == 1
    # And the hand-over ships the order
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("confirm_shipment", args=[shipment.pk]))
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


def test_a_pending_awb_says_the_courier_is_not_answering(client):
    order = cod_order()
    shipment = order.shipments.get()
    Consignment.objects.create(shipment=shipment, courier="local", status="pending_awb", attempts=2, last_error="timeout")
    body = vendor_client(client, shipment.vendor).get(reverse("generate_awb", args=[shipment.pk])).content.decode()
    assert "AWB în așteptare — curierul nu răspunde" in body


def test_a_refused_awb_shows_the_courier_s_message(client):
    order = cod_order()
    shipment = order.shipments.get()
    Consignment.objects.create(shipment=shipment, courier="local", status="awb_failed", last_error="Județ necunoscut.")
    body = vendor_client(client, shipment.vendor).get(reverse("generate_awb", args=[shipment.pk])).content.decode()
    assert "Județ necunoscut." in body and "data-generate-awb" in body  # and the form to try again


def test_vendor_a_cannot_reach_vendor_b_s_shipment(client):
    order = cod_order()
    shipment = order.shipments.get()
    other = approved_vendor()
    client = vendor_client(client, other)
    for name in ("generate_awb", "awb_label"):
        assert client.get(reverse(name, args=[shipment.pk])).status_code == 404
    for name in ("generate_awb", "upload_awb", "confirm_shipment", "awb_cancel"):
        assert client.post(reverse(name, args=[shipment.pk]), {"courier": "local", "size": "M", "weight": "1"}).status_code == 404
    assert not Consignment.objects.exists()


def test_staff_without_can_generate_awb_get_403_and_with_it_may_act(client, django_capture_on_commit_callbacks):
    order = cod_order()
    shipment = order.shipments.get()
    plain = UserFactory(is_staff=True)
    login_with_second_factor(client, plain)
    page = reverse("staff_generate_awb", args=[shipment.pk])
    assert client.get(page).status_code == 403
    assert client.post(page, {"courier": "local", "service": "address", "size": "M", "weight": "1"}).status_code == 403
    assert not Consignment.objects.exists()
    manager = shop_manager()
    login_with_second_factor(client, manager)
    assert client.get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, {"courier": "local", "service": "address", "size": "M", "weight": "1"}).status_code == 302
    assert Consignment.objects.get().status == "awb_generated"


def test_staff_print_the_labels_of_many_shipments_as_one_pdf(client, django_assert_max_num_queries):
    orders = [cod_order() for _i in range(3)]
    manager = shop_manager()
    login_with_second_factor(client, manager)
    changelist = reverse("admin:shipping_shipmentparcel_changelist")
    response = client.post(changelist, {
        "action": "generate_and_print_labels", "_selected_action": [o.shipments.get().pk for o in orders],
    })
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    numbers = set(Consignment.objects.values_list("awb_number", flat=True))
    assert all(any(n in page.extract_text() for n in numbers) for page in reader.pages)


@pytest.mark.parametrize("count", [1, 12])
def test_the_staff_shipment_list_costs_the_same_queries_for_1_and_many(client, count, django_assert_max_num_queries):
    for _i in range(count):
        order = cod_order()
        Consignment.objects.create(shipment=order.shipments.get(), courier="local", status="awb_generated", awb_number=f"SNB{order.pk:09d}")
    login_with_second_factor(client, shop_manager())
    changelist = reverse("admin:shipping_shipmentparcel_changelist")
    client.get(changelist)  # warm caches (site settings, permissions)
    with django_assert_max_num_queries(14):
        response = client.get(changelist)
    assert response.status_code == 200


@override_settings(COURIER_WEBHOOK_SECRETS={"local": "s3cret"})
def test_the_webhook_door_checks_the_signature_and_answers_replays(client, django_capture_on_commit_callbacks):
    order = cod_order()
    shipment = order.shipments.get()
    consignment = Consignment.objects.create(shipment=shipment, courier="local", status="in_transit", awb_number="SNB000000777")
    body = json.dumps({"id": "e-1", "awb": "SNB000000777", "status": "out_for_delivery", "at": "2026-12-01T09:00:00+02:00"}).encode()
    url = reverse("courier_webhook", args=["local"])
    bad = client.post(url, body, content_type="application/json", headers={"X-Signature": "00"})
    assert bad.status_code == 403 and bad.json()["code"] == "bad_signature"
    signature = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    ok = client.post(url, body, content_type="application/json", headers={"X-Signature": signature})
    assert ok.json()["outcome"] == "ok"
    again = client.post(url, body, content_type="application/json", headers={"X-Signature": signature})
    assert again.json()["outcome"] == "duplicate"
    consignment.refresh_from_db()
    assert consignment.status == "out_for_delivery" and consignment.events.count() == 1
    assert client.post(reverse("courier_webhook", args=["nobody"]), body, content_type="application/json").status_code == 404


def test_the_locker_search_finds_by_town_or_name_without_diacritics(client):
    found = client.get(reverse("locker_search"), {"q": "cluj iulius"}).json()["lockers"]
    assert [x["id"] for x in found] == ["EB-CJ-IULIUS"]
    by_town = client.get(reverse("locker_search"), {"q": "timisoara"}).json()["lockers"]
    assert {x["id"] for x in by_town} >= {"EB-TM-IULIUS", "EB-TM-SHOPCITY", "EB-TM-GARA"}
    assert all("Timișoara" in (x["city"] + x["address"]) for x in by_town)


def test_the_public_tracking_page_shows_the_steps_and_no_address(client):
    order = cod_order()
    consignment = Consignment.objects.create(shipment=order.shipments.get(), courier="local", status="in_transit", awb_number="SNB000000555")
    consignment.events.create(at="2026-12-01T10:00:00Z", status="in_transit", description="Plecat din depozit")
    body = client.get(reverse("awb_tracking", args=["SNB000000555"])).content.decode()
    assert "Plecat din depozit" in body and order.shipping_address not in body
    assert client.get(reverse("awb_tracking", args=["NOPE"])).status_code == 404
