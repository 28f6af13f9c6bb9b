"""Shipping prices are platform settings (per delivery method), with a per-shop override, used by checkout."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.administration.selectors import platform_settings
from marketplace.administration.services import platform_settings_update
from marketplace.orders.selectors import shipping_prices
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor, shop_manager

from .helpers import place_order

pytestmark = pytest.mark.django_db


def test_the_defaults_are_the_old_settings_prices():
    assert platform_settings().shipping_prices == {"courier": D("25.00"), "locker": D("15.00"), "pickup": D("0.00")}
    assert shipping_prices() == {"courier": D("25.00"), "locker": D("15.00"), "pickup": D("0.00")}


def test_checkout_charges_the_platform_price_unless_the_shop_has_its_own():
    platform_settings_update(actor=None, shipping_prices={"courier": "30", "locker": "12,50", "pickup": "0"})
    own = approved_vendor(shipping_prices={"courier": "19,90"})
    plain = approved_vendor()
    order = place_order(customer(), [buyable(own, price="100.00"), buyable(plain, price="100.00")])
    prices = {s.vendor_id: s.shipping_price for s in order.shipments.all()}
    assert prices == {own.pk: D("19.90"), plain.pk: D("30.00")}
    assert order.shipping_total == D("49.90") and order.total == D("249.90")
    assert shipping_prices(own) == {"courier": D("19.90"), "locker": D("12.50"), "pickup": D("0.00")}


@pytest.mark.parametrize("bad", [{}, [], {"courier": "-1"}, {"courier": "abc"}, {"courier": 2.5}, {"cu rier": "1"}])
def test_malformed_platform_prices_are_refused(bad):
    with pytest.raises(ValidationError):
        platform_settings_update(actor=None, shipping_prices=bad)


def test_a_shops_malformed_override_is_refused():
    vendor = approved_vendor(shipping_prices={"courier": "-5"})
    with pytest.raises(ValidationError):
        vendor.full_clean()


def test_staff_set_the_prices_on_the_shipping_settings_page(client):
    login_with_second_factor(client, shop_manager())
    page = client.get(reverse("shipping_deadline_settings")).content.decode()
    assert "courier: 25,00" in page
    response = client.post(
        reverse("shipping_deadline_settings"), {"shipping_days": "3", "shipping_prices": "courier: 27,50\nlocker: 14\npickup: 0"}
    )
    assert response.status_code == 302
    assert platform_settings().shipping_prices == {"courier": D("27.50"), "locker": D("14.00"), "pickup": D("0.00")}
    response = client.post(reverse("shipping_deadline_settings"), {"shipping_days": "3", "shipping_prices": "courier -1"})
    assert response.status_code == 200 and "shipping_prices" in response.context["form"].errors
