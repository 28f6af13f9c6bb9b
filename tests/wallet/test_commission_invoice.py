"""Commission invoices: the month's commission net of refunds, VAT inside it, the platform's own
numbered series, once per vendor and month, the PDF read back, and the doors."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from marketplace.wallet.invoicing import address_split, commission_invoice_issue
from marketplace.wallet.models import CommissionInvoice, WalletSettings
from marketplace.wallet.pdf import commission_invoice_pdf
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor
from tests.wallet.helpers import paid_order, refund_event

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
IN_NOVEMBER = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
ON_THE_FIRST = datetime(2026, 12, 1, 0, 40, tzinfo=UTC)


@pytest.fixture
def identity():
    return WalletSettings.objects.create(
        company_vat_number="RO18547290", company_registration_number="J40/1234/2020",
        company_street="Str. Academiei 1", company_city="Sector 1", company_county="București",
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _sale(vendor, price="1000.00"):
    with time_machine.travel(IN_NOVEMBER, tick=False):
        return paid_order(customer(), [buyable(vendor, price=price)])


def test_the_months_commission_is_invoiced_with_vat_inside_in_the_platforms_series(identity):
    # Given two sales of 1.000 lei at 15% in November
    vendor = approved_vendor(shop_name="Maison Lipscani", registered_address="Str. Lipscani 21, Sector 3, București")
    _sale(vendor), _sale(vendor)
    # When the invoice is issued on 1 December
    with time_machine.travel(ON_THE_FIRST, tick=False):
        invoice = commission_invoice_issue(vendor=vendor, period=NOVEMBER)
    # Then it is for the 300 lei withheld, 21% VAT inside: 247,93 + 52,07
    assert (invoice.total, invoice.net_total, invoice.vat_total, invoice.vat_rate) == (
        Decimal("300.00"), Decimal("247.93"), Decimal("52.07"), Decimal("21.00"),
    )
    assert (invoice.series, invoice.number, invoice.sales_count) == ("SNBCOM", 1, 2)
    assert invoice.seller["vat_number"] == "RO18547290" and invoice.buyer["vat_number"] == "RO41283370"
    assert (invoice.buyer["street"], invoice.buyer["city"], invoice.buyer["county"]) == ("Str. Lipscani 21", "Sector 3", "București")
    assert invoice.due_date == date(2026, 12, 1)


def test_each_vendor_gets_the_next_number_and_a_second_run_issues_nothing_new(identity):
    a, b = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    _sale(a), _sale(b, "500.00")
    with time_machine.travel(ON_THE_FIRST, tick=False):
        first = commission_invoice_issue(vendor=a, period=NOVEMBER)
        second = commission_invoice_issue(vendor=b, period=NOVEMBER)
        again = commission_invoice_issue(vendor=a, period=NOVEMBER)
    assert (first.number, second.number) == (1, 2)
    assert again.pk == first.pk and CommissionInvoice.objects.count() == 2
    assert second.total == Decimal("75.00")


def test_refunds_reduce_the_commission_and_a_month_that_nets_to_nothing_gets_no_invoice(identity):
    vendor = approved_vendor()
    order = _sale(vendor)
    with time_machine.travel(IN_NOVEMBER, tick=False):
        refund_event(order, "512.50")  # half of 1.025 lei (piece and shipping): half the commission comes back
    with time_machine.travel(ON_THE_FIRST, tick=False):
        assert commission_invoice_issue(vendor=vendor, period=NOVEMBER).total == Decimal("75.00")
    emptied = approved_vendor()
    order = _sale(emptied)
    with time_machine.travel(IN_NOVEMBER, tick=False):
        refund_event(order, "1025.00")
    with time_machine.travel(ON_THE_FIRST, tick=False):
        assert commission_invoice_issue(vendor=emptied, period=NOVEMBER) is None
    assert not CommissionInvoice.objects.filter(vendor=emptied).exists()


def test_a_sale_paid_after_midnight_bucharest_on_the_first_is_next_months(identity):
    vendor = approved_vendor()
    with time_machine.travel(datetime(2026, 11, 30, 22, 5, tzinfo=UTC), tick=False):  # 1 December 00:05 in Bucharest
        paid_order(customer(), [buyable(vendor, price="1000.00")])
    with time_machine.travel(ON_THE_FIRST, tick=False):
        assert commission_invoice_issue(vendor=vendor, period=NOVEMBER) is None
    with time_machine.travel(datetime(2027, 1, 1, 1, 0, tzinfo=UTC), tick=False):
        assert commission_invoice_issue(vendor=vendor, period=date(2026, 12, 1)).total == Decimal("150.00")


def test_no_invoice_before_the_month_ends_nor_without_the_platforms_identity():
    vendor = approved_vendor()
    _sale(vendor)
    with time_machine.travel(IN_NOVEMBER, tick=False), pytest.raises(ValidationError) as open_month:
        commission_invoice_issue(vendor=vendor, period=NOVEMBER)
    assert open_month.value.code == "statement_period_open"
    with time_machine.travel(ON_THE_FIRST, tick=False), pytest.raises(ValidationError) as missing:
        commission_invoice_issue(vendor=vendor, period=NOVEMBER)
    assert missing.value.code == "commission_invoice_identity_missing"
    assert not CommissionInvoice.objects.exists()


def test_a_platform_without_vat_invoices_without_vat(identity):
    identity.company_vat_number = "18547290"
    identity.save()
    vendor = approved_vendor()
    _sale(vendor)
    with time_machine.travel(ON_THE_FIRST, tick=False):
        invoice = commission_invoice_issue(vendor=vendor, period=NOVEMBER)
    assert (invoice.vat_rate, invoice.net_total, invoice.vat_total, invoice.total) == (
        Decimal("0"), Decimal("150.00"), Decimal("0.00"), Decimal("150.00"),
    )
    assert "nu este plătitoare de TVA" in pdf_text(commission_invoice_pdf(invoice))


def test_the_pdf_reads_back_in_romanian_with_parties_and_totals(identity):
    vendor = approved_vendor(shop_name="Maison Lipscani", legal_name="Maison Lipscani SRL",
                             registered_address="Str. Lipscani 21, Sector 3, București")
    _sale(vendor), _sale(vendor)
    with time_machine.travel(ON_THE_FIRST, tick=False):
        text = pdf_text(commission_invoice_pdf(commission_invoice_issue(vendor=vendor, period=NOVEMBER)))
    assert "FACTURĂ" in text and "SNBCOM" in text and "000001" in text and "01.12.2026" in text
    assert "SNOBISTIC SRL" in text and "RO18547290" in text and "Maison Lipscani SRL" in text and "RO41283370" in text
    assert "Comision marketplace, Noiembrie 2026 (2 vânzări)" in text
    assert "247,93" in text and "52,07" in text and "300,00 lei" in text and "21%" in text


@pytest.mark.parametrize(("text", "expected"), [
    ("Str. Lipscani 21, Sector 3, București", ("Str. Lipscani 21", "Sector 3", "București")),
    ("Str. Memorandumului 2, Cluj-Napoca, Cluj", ("Str. Memorandumului 2", "Cluj-Napoca", "Cluj")),
    ("Bd. Eroilor 5, ap. 3, Brașov, jud. Brașov", ("Bd. Eroilor 5, ap. 3", "Brașov", "Brașov")),
    ("Bd. Unirii 1, București", ("Bd. Unirii 1", "", "București")),
    ("Str. Mare 1, Cluj-Napoca", ("Str. Mare 1", "Cluj-Napoca", "")),
    ("", ("", "", "")),
])
def test_the_registered_address_is_split_into_street_city_and_county(text, expected):
    address = address_split(text)
    assert (address.street, address.city, address.county) == expected


def test_the_vendor_downloads_only_their_own_invoices(client, identity):
    mine, theirs = approved_vendor(shop_name="Al meu"), approved_vendor(shop_name="Al lor")
    _sale(mine), _sale(theirs)
    with time_machine.travel(ON_THE_FIRST, tick=False):
        own = commission_invoice_issue(vendor=mine, period=NOVEMBER)
        other = commission_invoice_issue(vendor=theirs, period=NOVEMBER)
    login_with_second_factor(client, mine.user)
    page = client.get(reverse("wallet_statements")).content.decode()
    assert f"{own.series} {own.number:06d}" in page and f"{other.series} {other.number:06d}" not in page
    response = client.get(reverse("commission_invoice_download", args=[own.pk, "pdf"]))
    assert response.status_code == 200 and "Al meu" in pdf_text(response.content)
    assert client.get(reverse("commission_invoice_download", args=[other.pk, "pdf"])).status_code == 404
    assert client.get(reverse("commission_invoice_download", args=[other.pk, "xml"])).status_code == 404


def test_the_statements_page_costs_the_same_queries_for_one_invoice_or_many(client, identity, django_assert_max_num_queries):
    vendor = approved_vendor()
    _sale(vendor)
    with time_machine.travel(ON_THE_FIRST, tick=False):
        commission_invoice_issue(vendor=vendor, period=NOVEMBER)
    login_with_second_factor(client, vendor.user)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("wallet_statements")).status_code == 200
    for month in range(1, 11):
        with time_machine.travel(datetime(2025, month, 10, tzinfo=UTC), tick=False):
            paid_order(customer(), [buyable(vendor, price="100.00")])
        with time_machine.travel(datetime(2025, month + 1, 2, tzinfo=UTC), tick=False):
            commission_invoice_issue(vendor=vendor, period=date(2025, month, 1))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("wallet_statements")).status_code == 200
