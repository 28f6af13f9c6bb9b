"""What an invoice needs from a shop: legal name, trade register number, registered address, VAT status."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.common.validators import normalize_ro_trade_register
from marketplace.orders.invoices import pdf as invoice_pdf_module
from marketplace.orders.invoices.pdf import invoice_pdf
from marketplace.orders.models import Invoice
from marketplace.orders.services import order_mark_paid
from marketplace.vendors.models import VendorProfile
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor, shop_manager
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("J40/1234/2020", "J40/1234/2020"),
        ("j5/77/1998", "J05/77/1998"),
        (" J 12 / 3456 / 2011 ", "J12/3456/2011"),
        ("J2024001234408", "J2024001234408"),  # since 2024: J + year + order number + office code
        ("j2024.001234.408", "J2024001234408"),
    ],
)
def test_trade_register_numbers_old_and_new_are_accepted_and_printed_alike(written, printed):
    assert normalize_ro_trade_register(written) == printed


@pytest.mark.parametrize(
    "wrong", ["J53/1234/2020", "J00/1/2020", "J40/1234/1850", "J40-1234-2020", "F40/1234/2020", "J202400123440",
              "J20240012344081", "J1850001234408", "40/1234/2020"],
)
def test_malformed_trade_register_numbers_are_refused(wrong):
    with pytest.raises(ValidationError):
        normalize_ro_trade_register(wrong)


def test_a_vat_payer_needs_a_cui_with_ro_and_a_valid_check_digit():
    vendor = approved_vendor(vat_number="18547290", vat_payer=True)
    with pytest.raises(ValidationError) as refused:
        vendor.full_clean()
    assert refused.value.error_dict["vat_number"][0].code == "vat_payer_needs_ro"
    vendor.vat_number, vendor.vat_payer = "RO18547291", True  # wrong check digit
    with pytest.raises(ValidationError):
        vendor.full_clean()


def test_the_invoice_prints_the_shops_legal_identity_and_follows_its_vat_status(monkeypatch):
    boutique = approved_vendor(
        shop_name="Butic", legal_name="Butic Lux SRL", vat_number="RO18547290", vat_payer=True,
        trade_register_number="J2024001234408", registered_address="Str. Lipscani 21, București",
    )
    # A CUI with RO but not (or no longer) a VAT payer: no VAT, whatever the prefix says
    unregistered = approved_vendor(shop_name="Dulap", vat_number="RO41283370", vat_payer=False)
    order = place_order(customer(), [buyable(boutique, price="1210.00"), buyable(unregistered, price="500.00")],
                        payment_method="bank_transfer")
    order_mark_paid(order=order, actor=None, reference="a")
    invoice = Invoice.objects.get(shipment__vendor=boutique)
    assert invoice.vat_rate > 0 and invoice.seller["name"] == "Butic Lux SRL"
    assert invoice.seller["registration_number"] == "J2024001234408"
    assert invoice.seller["address"] == "Str. Lipscani 21, București"
    assert Invoice.objects.get(shipment__vendor=unregistered).vat_rate == 0

    printed = []
    real = invoice_pdf_module.paragraph
    monkeypatch.setattr(invoice_pdf_module, "paragraph", lambda t, s, **v: printed.append(str(t) % v if v else str(t)) or real(t, s, **v))
    invoice_pdf(invoice)
    assert "Butic Lux SRL" in printed and any("J2024001234408" in line for line in printed)
    assert "Str. Lipscani 21, București" in printed


def test_staff_edit_the_legal_identity_in_the_vendor_admin(client):
    vendor = approved_vendor(shop_name="Butic")
    login_with_second_factor(client, shop_manager())
    url = reverse("admin:vendors_vendorprofile_change", args=[vendor.pk])
    page = client.get(url).content.decode()
    assert 'name="trade_register_number"' in page and 'name="registered_address"' in page and 'name="vat_payer"' in page
    data = {
        "user": vendor.user_id, "shop_name": vendor.shop_name, "slug": vendor.slug, "description": "",
        "legal_name": "Butic SRL", "vat_number": "RO41283370", "vat_payer": "on", "iban": vendor.iban,
        "trade_register_number": "j40/99/2015", "registered_address": "Bd. Unirii 1, București",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    vendor = VendorProfile.objects.get(pk=vendor.pk)
    assert (vendor.trade_register_number, vendor.registered_address, vendor.vat_payer) == (
        "J40/99/2015", "Bd. Unirii 1, București", True
    )
