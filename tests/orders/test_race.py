"""The last piece, bought by ten buyers at the same moment: exactly one order (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from marketplace.orders.models import Order
from marketplace.orders.services import cart_add, cart_get, checkout_place
from marketplace.products.models import StoreProduct
from tests.factories import approved_vendor, buyable, checkout_details, customer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL"),
]


def test_ten_buyers_racing_for_the_last_piece_make_exactly_one_order():
    # Given one last bag in ten buyers' carts
    vendor = approved_vendor()
    bag = buyable(vendor, stock=1)
    buyers = [customer() for _i in range(10)]
    carts = []
    for buyer in buyers:
        cart = cart_get(user=buyer, create=True)
        cart_add(cart=cart, product_id=bag.pk)
        carts.append(cart)
    barrier = threading.Barrier(len(buyers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def checkout(buyer, cart):
        try:
            barrier.wait()
            checkout_place(buyer=buyer, cart=cart, details=checkout_details([vendor]))
            result = "order"
        except ValidationError as exc:
            result = exc.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    # When all ten check out at once
    threads = [threading.Thread(target=checkout, args=pair) for pair in zip(buyers, carts, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then one order is made, nine buyers are told it was just sold, and stock is 0, never below
    assert outcomes.count("order") == 1 and len(outcomes) == 10
    # (a buyer whose first look came after the winner's commit hears "sold" one step earlier)
    assert set(outcomes) - {"order"} <= {"just_sold", "unavailable"}
    assert Order.objects.count() == 1
    assert StoreProduct.objects.get(pk=bag.pk).stock == 0
