"""Cart, checkout and orders through the storefront API."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.orders.models import CartItem, Order
from tests.factories import store_product
from tests.orders.helpers import place_order

from .conftest import public_piece

pytestmark = pytest.mark.django_db
API = "/pwa/api"
ADDRESS = {
    "shipping_name": "Ana Popescu", "shipping_phone": "0722 123 456", "shipping_address": "Strada Lipscani 12",
    "shipping_city": "București", "shipping_county": "București", "shipping_postal_code": "030031",
    "payment_method": "cod", "terms_accepted": True,
}


def test_a_guest_fills_a_cart_and_every_write_needs_the_csrf_token(vendor):
    piece = public_piece(vendor, title="Speedy 25", price="3000.00")
    guest = Client(enforce_csrf_checks=True)
    refused = guest.post(f"{API}/cart/items", {"product_id": piece.pk}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert not CartItem.objects.exists()
    guest.get("/products/")  # sets the csrftoken cookie, as the page does
    token = {"X-CSRFToken": guest.cookies["csrftoken"].value}
    response = guest.post(f"{API}/cart/items", {"product_id": piece.pk}, content_type="application/json", headers=token)
    assert response.status_code == 201
    cart = response.json()
    assert cart["count"] == 1 and cart["items_total"] == "3000.00"
    [line] = cart["groups"][0]["lines"]
    assert line["product"]["title"] == "Speedy 25" and line["available"] is True
    assert guest.get(f"{API}/cart").json()["count"] == 1
    # quantity beyond stock is refused with the reason, and nothing changes
    response = guest.patch(f"{API}/cart/items/{line['item_id']}", {"quantity": 3}, content_type="application/json", headers=token)
    assert response.status_code == 400 and "quantity" in response.json()["fields"]
    assert guest.delete(f"{API}/cart/items/{line['item_id']}", headers=token).json()["count"] == 0
    gone = guest.delete(f"{API}/cart/items/{line['item_id']}", headers=token)  # the one error table: not_found is 404
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"


def test_cart_refuses_what_cannot_be_bought(client, vendor):
    hidden = store_product(vendor, status="pending")
    response = client.post(f"{API}/cart/items", {"product_id": hidden.pk}, content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]
    response = client.post(f"{API}/cart/items", {"product_id": "x", "quantity": 0}, content_type="application/json")
    assert response.status_code == 422 and {"product_id", "quantity"} <= set(response.json()["fields"])
    assert not CartItem.objects.exists()


def test_checkout_with_cash_on_delivery_places_one_order(client, buyer, vendor):
    piece = public_piece(vendor, title="Jackie 1961", price="2000.00")
    client.force_login(buyer)
    client.post(f"{API}/cart/items", {"product_id": piece.pk}, content_type="application/json")
    body = {**ADDRESS, "deliveries": {str(vendor.pk): {"method": "courier"}}}
    response = client.post(f"{API}/checkout", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    order = Order.objects.get(buyer=buyer)
    assert response.json()["number"] == order.number and response.json()["next_url"] == f"/cart/payment-success/{order.pk}/"
    assert order.payment_method == "cod" and client.get(f"{API}/cart").json()["count"] == 0
    detail = client.get(f"{API}/orders/{order.pk}").json()
    assert detail["shipments"][0]["items"][0]["title"] == "Jackie 1961"
    assert [o["number"] for o in client.get(f"{API}/orders").json()] == [order.number]


def test_checkout_needs_a_session_and_complete_details(client, buyer, vendor):
    piece = public_piece(vendor)
    body = {**ADDRESS, "deliveries": {str(vendor.pk): {"method": "courier"}}}
    assert client.post(f"{API}/checkout", body, content_type="application/json").status_code == 401
    client.force_login(buyer)
    assert client.post(f"{API}/checkout", body, content_type="application/json").status_code == 400  # empty cart
    client.post(f"{API}/cart/items", {"product_id": piece.pk}, content_type="application/json")
    response = client.post(f"{API}/checkout", {**body, "payment_method": "cheque"}, content_type="application/json")
    assert response.status_code == 422 and "payment_method" in response.json()["fields"]
    response = client.post(
        f"{API}/checkout", {**body, "shipping_address": "  ", "terms_accepted": False, "deliveries": {}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"shipping_address", "terms", f"delivery_{vendor.pk}"} <= set(response.json()["fields"])
    assert not Order.objects.exists() and client.get(f"{API}/cart").json()["count"] == 1


def test_orders_are_the_buyers_own_and_cost_the_same_queries_for_5_and_50(client, buyer, vendor):
    from tests.factories import customer

    other = place_order(customer(), [public_piece(vendor, title="Not yours")])
    client.force_login(buyer)
    assert client.get(f"{API}/orders/{other.pk}").status_code == 404

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{API}/orders").status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        place_order(buyer, [public_piece(vendor, title=f"A{n}")])
    five = count()
    for n in range(45):
        place_order(buyer, [public_piece(vendor, title=f"B{n}")])
    assert len(client.get(f"{API}/orders").json()) == 50
    assert count() == five


def test_cart_costs_the_same_queries_for_5_and_for_50_pieces(client, buyer, vendor):
    from marketplace.orders.services import cart_add, cart_get

    client.force_login(buyer)
    cart = cart_get(user=buyer, create=True)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{API}/cart").status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        cart_add(cart=cart, product_id=public_piece(vendor, title=f"A{n}", photo=True).pk)
    client.get(f"{API}/cart")  # the platform settings (shipping prices) are read once, then cached
    five = count()
    for n in range(45):
        cart_add(cart=cart, product_id=public_piece(vendor, title=f"B{n}", photo=True).pk)
    assert client.get(f"{API}/cart").json()["count"] == 50
    assert count() == five
