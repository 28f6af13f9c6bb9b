"""Invoices: one per shop of a paid order, numbered per seller, VAT where the seller charges it, a PDF."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.orders.invoices.pdf import FONT, _register_fonts, invoice_pdf
from marketplace.orders.models import Invoice
from marketplace.orders.services import order_mark_paid
from tests.factories import approved_vendor, buyable, customer

from .helpers import place_order

pytestmark = pytest.mark.django_db


def test_a_paid_order_gets_one_invoice_per_shop_numbered_in_each_sellers_series(client):
    # Given a VAT-registered boutique and a private seller
    boutique = approved_vendor(shop_name="Butic", vat_number="RO18547290")
    private = approved_vendor(shop_name="Dulap", vat_number="", is_private_seller=True)
    buyer = customer()
    first = place_order(buyer, [buyable(boutique, price="1210.00", title="Geantă cu ștaif"), buyable(private, price="500.00")],
                        payment_method="bank_transfer", billing_type="company", billing_name="Țesături SRL",
                        billing_vat_number="RO18547290", billing_address="Str. Țebei 3")
    second = place_order(buyer, [buyable(boutique, price="100.00")], payment_method="bank_transfer")
    # When both are paid
    order_mark_paid(order=first, actor=None, reference="a")
    order_mark_paid(order=second, actor=None, reference="b")
    # Then the boutique's invoices follow each other in its series, with 21% VAT inside the price
    boutique_invoices = Invoice.objects.filter(shipment__vendor=boutique).order_by("number")
    assert [i.number for i in boutique_invoices] == [1, 2]
    assert len({i.series for i in boutique_invoices}) == 1
    invoice = boutique_invoices[0]
    assert invoice.total == Decimal("1235.00")  # 1 210 + 25 courier
    assert invoice.vat_rate == Decimal("21") and invoice.net_total == Decimal("1020.66") and invoice.vat_total == Decimal("214.34")
    assert invoice.buyer["vat_number"] == "RO18547290" and invoice.buyer["name"] == "Țesături SRL"
    # And the private seller charges no VAT
    own = Invoice.objects.get(shipment__vendor=private)
    assert own.vat_rate == 0 and own.vat_total == 0 and own.number == 1 and own.series != invoice.series
    # And the buyer downloads it as a PDF
    client.force_login(buyer)
    response = client.get(reverse("order_invoice", args=[first.pk, invoice.shipment_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_unpaid_orders_have_no_invoice(client):
    buyer = customer()
    order = place_order(buyer, [buyable(approved_vendor())], payment_method="bank_transfer")
    client.force_login(buyer)
    assert client.get(reverse("order_invoice", args=[order.pk, order.shipments.get().pk])).status_code == 404


def test_the_pdf_font_has_romanian_diacritics_and_is_embedded():
    from reportlab.pdfbase import pdfmetrics

    _register_fonts()
    face = pdfmetrics.getFont(FONT).face
    assert all(ord(ch) in face.charToGlyph for ch in "ăâîșțĂÂÎȘȚ")
    vendor = approved_vendor()
    order = place_order(customer(), [buyable(vendor, title="Rochie din mătase, țesută în Iași")], payment_method="bank_transfer")
    order_mark_paid(order=order, actor=None, reference="x")
    pdf = invoice_pdf(order.shipments.get().invoice)
    assert b"SourceSansPro" in pdf  # the TrueType font travels inside the file
