"""The checkout's rules for what the buyer chose are written once, in the service
(orders.checkout.checkout_details_check); the checkout page's form asks it for its messages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.orders.services import checkout_details_check
from tests.factories import approved_vendor, checkout_details

pytestmark = pytest.mark.django_db

BAD = {
    "no-address": ({"shipping_address": "", "shipping_city": ""}, "shipping_address"),
    "bad-phone": ({"shipping_phone": "12"}, "shipping_phone"),
    "bad-postal-code": ({"shipping_postal_code": "12"}, "shipping_postal_code"),
    "bad-vat": ({"billing_type": "company", "billing_name": "Moda SRL", "billing_vat_number": "RO12345678",
                 "billing_address": "Str. A 1"}, "billing_vat_number"),
    "company-without-name": ({"billing_type": "company", "billing_vat_number": "RO18547290", "billing_address": "Str. A 1"},
                             "billing_name"),
    "terms-not-accepted": ({"terms_accepted": False}, "terms"),
    "card-unavailable": ({"payment_method": "card"}, "payment_method"),  # Stripe keys are not set in tests
}


def service_errors(vendors, **overrides) -> dict:
    try:
        checkout_details_check(details=checkout_details(vendors, **overrides), vendor_ids={v.pk for v in vendors})
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize("case", list(BAD))
def test_the_service_names_the_field_and_why(case):
    overrides, field = BAD[case]
    vendor = approved_vendor()
    with translation.override("en"):
        errors = service_errors([vendor], **overrides)
    assert field in errors and errors[field][0]


def test_a_locker_needs_its_code_per_shop():
    a, b = approved_vendor(), approved_vendor()
    errors = service_errors([a, b], deliveries={a.pk: ("locker", " "), b.pk: ("courier", "")})
    assert list(errors) == [f"locker_{a.pk}"]


def test_good_details_come_back_normalised():
    vendor = approved_vendor()
    details = checkout_details_check(
        details=checkout_details([vendor], shipping_phone="0722 123 456", billing_type="company", billing_name="Moda SRL",
                                 billing_vat_number="ro 18547290", billing_address="Str. A 1", shipping_postal_code=" 010101 "),
        vendor_ids={vendor.pk},
    )
    assert (details.shipping_phone, details.billing_vat_number, details.shipping_postal_code) == ("+40722123456", "RO18547290", "010101")


def form_errors(vendors, **overrides) -> dict:
    from storefront.forms.orders import CheckoutForm

    details = checkout_details(vendors, **overrides)
    data = {name: getattr(details, name) for name in (
        "shipping_name", "shipping_phone", "shipping_address", "shipping_city", "shipping_county", "shipping_postal_code",
        "payment_method", "billing_type", "billing_name", "billing_vat_number", "billing_address")}
    data["terms"] = "on" if details.terms_accepted else ""
    for vendor_id, (method, locker) in details.deliveries.items():
        data[f"delivery_{vendor_id}"], data[f"locker_{vendor_id}"] = method, locker
    form = CheckoutForm(data, vendors=vendors)
    assert not form.is_valid()
    return dict(form.errors)


@pytest.mark.parametrize("case", [c for c in BAD if c not in ("no-address", "terms-not-accepted", "card-unavailable")])
def test_the_checkout_page_says_what_the_service_says(case):
    # Given a buyer's choice the service refuses, when the checkout page's form checks it,
    # then the form shows the service's own message on the same field (no second copy of the rule)
    overrides, field = BAD[case]
    vendor = approved_vendor()
    with translation.override("en"):
        assert form_errors([vendor], **overrides)[field] == service_errors([vendor], **overrides)[field]


def test_the_checkout_page_asks_the_service_about_lockers():
    a = approved_vendor()
    with translation.override("en"):
        errors = form_errors([a], deliveries={a.pk: ("locker", "")})
    assert errors == {f"locker_{a.pk}": ["Give the locker's code or address."]}
