"""The vendor's shipments list (issue 12, "also left from the last round") costs the same number of
queries for 5 rows as for 50: every column reads what the list's queryset already fetched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.orders.services import order_mark_paid
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor

from .helpers import place_order

pytestmark = pytest.mark.django_db


def add_orders(shop, buyer, count, *, start):
    for n in range(count):
        # half paid by bank transfer, half cash on delivery: the payment column reads both kinds
        method = "bank_transfer" if n % 2 else "cod"
        order = place_order(
            buyer, [buyable(shop, title=f"Geantă {start + n}")], payment_method=method
        )
        if method == "bank_transfer":
            order_mark_paid(order=order, actor=None, reference=f"OP {start + n}")


def list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("vendors:orders_shipment_changelist"))
    assert response.status_code == 200
    return response, len(queries)


def test_the_shipments_list_costs_the_same_for_5_and_50_rows(client):
    shop = approved_vendor(shop_name="Atelier Ana")
    buyer = customer()
    login_with_second_factor(client, shop.user)
    add_orders(shop, buyer, 5, start=0)
    response, five = list_queries(client)
    assert "Geantă 4" in response.content.decode()

    add_orders(shop, buyer, 45, start=5)
    response, fifty = list_queries(client)
    assert "Geantă 49" in response.content.decode()  # all 50 on one page (50 per page)
    assert fifty == five
