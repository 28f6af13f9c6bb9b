"""Checkout: the locker is a choice from the courier's list, searchable, and checked by the service."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.orders.services import cart_add, cart_get, checkout_details_check
from tests.factories import approved_vendor, buyable, checkout_details, customer


@pytest.mark.django_db
def test_the_service_takes_only_a_locker_of_the_courier_s_list():
    vendor = approved_vendor()
    unknown = checkout_details([vendor], deliveries={vendor.pk: ("locker", "easybox la colț")})
    with pytest.raises(ValidationError) as exc:
        checkout_details_check(details=unknown, vendor_ids=[vendor.pk])
    assert exc.value.message_dict == {f"locker_{vendor.pk}": ["Acest locker nu se află în lista curierului: alegeți unul din listă."]}
    known = checkout_details([vendor], deliveries={vendor.pk: ("locker", "EB-IS-PALAS")})
    assert checkout_details_check(details=known, vendor_ids=[vendor.pk])


@pytest.mark.django_db
def test_the_checkout_page_offers_the_lockers_grouped_by_town_with_a_search(client):
    buyer = customer()
    vendor = approved_vendor()
    cart_add(cart=cart_get(user=buyer, create=True), product_id=buyable(vendor).pk)
    client.force_login(buyer)
    body = client.get(reverse("checkout")).content.decode()
    assert "data-locker-select" in body and 'optgroup label="Cluj-Napoca"' in body
    assert 'value="EB-CJ-IULIUS"' in body and "pwa/js/lockers.js" in body
    assert "Căutați după oraș sau nume" in body
    response = client.post(reverse("checkout"), {f"delivery_{vendor.pk}": "locker", f"locker_{vendor.pk}": "NOPE"})
    assert response.status_code in (200, 400) and not buyer.orders.exists()
