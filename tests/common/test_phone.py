"""Phone numbers go through libphonenumber: only numbers that exist in Romania's numbering plan, stored in E.164."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from marketplace.accounts.services import user_profile_update
from marketplace.common.validators import normalize_ro_phone
from marketplace.orders.models import Order
from tests.factories import customer
from tests.storefront.conftest import public_piece
from tests.storefront.test_api_orders import ADDRESS

# Prefixes the old hand-written rule (02/03/07 + eight digits) let through although no such number exists.
UNALLOCATED = ["020 123 4567", "0221 234 567", "030 123 4567", "+40 20 123 4567", "0040 30 123 4567"]


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0722 123 456", "+40722123456"),  # mobile
        ("0744-987-654", "+40744987654"),
        ("+40 745 000 111", "+40745000111"),
        ("021 312 3456", "+40213123456"),  # Bucharest landline
        ("(021) 312.34.56", "+40213123456"),
        ("0264 123 456", "+40264123456"),  # Cluj landline
        ("0040 21 312 3456", "+40213123456"),
    ],
)
def test_real_romanian_numbers_are_accepted_and_stored_in_e164(raw, e164):
    assert normalize_ro_phone(raw) == e164


@pytest.mark.parametrize(
    "raw",
    [*UNALLOCATED, "0722 123 45", "0822 123 456", "12345", "not a phone", "tel: 0722123456",
     "0722123456 ext. 5", "٠٧٢٢١٢٣٤٥٦", "+44 20 7946 0958", ""],
)
def test_numbers_that_do_not_exist_or_are_not_romanian_are_refused(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_ro_phone(raw)
    assert exc.value.code == "invalid_phone"


@pytest.mark.django_db
def test_the_profile_refuses_an_unallocated_number_and_keeps_a_real_one_in_e164():
    user = customer()
    with pytest.raises(ValidationError) as exc:
        user_profile_update(user=user, phone="020 123 4567")
    assert set(exc.value.message_dict) == {"phone"}
    profile = user_profile_update(user=user, phone="021 312 3456")
    assert profile.phone == "+40213123456"


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["020 123 4567", "call me maybe"])
def test_the_storefront_checkout_refuses_a_delivery_phone_that_does_not_exist(phone):
    from tests.factories import approved_vendor

    vendor, buyer = approved_vendor(), customer()
    piece = public_piece(vendor)
    client = Client()
    client.force_login(buyer)
    client.post("/pwa/api/cart/items", {"product_id": piece.pk}, content_type="application/json")
    body = {**ADDRESS, "shipping_phone": phone, "deliveries": {str(vendor.pk): {"method": "courier"}}}
    response = client.post("/pwa/api/checkout", body, content_type="application/json")
    assert response.status_code == 400 and "shipping_phone" in response.json()["fields"]
    assert not Order.objects.exists()
    body["shipping_phone"] = "0722 123 456"
    assert client.post("/pwa/api/checkout", body, content_type="application/json").status_code == 201
    assert Order.objects.get().shipping_phone == "+40722123456"
