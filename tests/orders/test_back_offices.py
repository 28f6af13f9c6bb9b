"""Orders in the staff and vendor back offices and the buyer's pages: who sees what, at what cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.orders.models import Order, Shipment
from tests.factories import UserFactory, approved_vendor, buyable, customer, login_with_second_factor, shop_manager

from .helpers import place_order

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_vendor_sees_only_their_shipments_in_every_door(client):
    # Given one order with a piece from A and one from B, and an order only from B
    a, b = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    buyer = customer()
    mixed = place_order(buyer, [buyable(a, title="Piesa lui A"), buyable(b, title="Piesa lui B")], payment_method="bank_transfer")
    only_b = place_order(customer(), [buyable(b, title="Alta a lui B")], payment_method="bank_transfer")
    from marketplace.orders.services import order_mark_paid

    order_mark_paid(order=mixed, actor=None, reference="BT1")  # issues both invoices
    a_part, b_part = mixed.shipments.get(vendor=a), mixed.shipments.get(vendor=b)
    # When vendor A opens their back office
    login_with_second_factor(client, a.user)
    listing = client.get(reverse("vendors:orders_shipment_changelist"))
    html = listing.content.decode()
    # Then only A's part of the mixed order is there
    assert list(listing.context["cl"].result_list) == [a_part]
    assert "Piesa lui A" in html and "Piesa lui B" not in html and only_b.number not in html
    assert client.get(reverse("vendors:orders_shipment_change", args=[a_part.pk])).status_code == 200
    assert client.get(reverse("vendors:orders_shipment_invoice", args=[a_part.pk])).status_code == 200
    # And B's shipments, invoices, the staff list and the buyer's pages stay closed to A
    assert client.get(reverse("vendors:orders_shipment_change", args=[b_part.pk])).status_code == 302  # "does not exist"
    assert client.get(reverse("vendors:orders_shipment_invoice", args=[b_part.pk])).status_code == 404
    assert client.get(reverse("admin:orders_order_changelist")).status_code in (302, 403)
    assert client.get(reverse("admin:orders_order_invoice", args=[mixed.pk, b_part.pk])).status_code in (302, 403)
    assert client.get(reverse("order_detail", args=[mixed.pk])).status_code == 404
    assert client.get(reverse("order_invoice", args=[mixed.pk, b_part.pk])).status_code == 404


def test_buyers_see_only_their_own_orders(client):
    vendor = approved_vendor()
    mine = place_order(customer(), [buyable(vendor)])
    theirs = place_order(customer(), [buyable(vendor)])
    client.force_login(mine.buyer)
    listing = client.get(reverse("order_list"))
    assert list(listing.context["orders"]) == [mine]
    assert client.get(reverse("order_detail", args=[mine.pk])).status_code == 200
    for name in ("order_detail", "payment_success", "payment_failure", "checkout_order"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404


def test_staff_filter_search_mark_paid_and_cancel(client):
    vendor = approved_vendor(shop_name="Filtru")
    bank = place_order(customer(email="ana@example.ro"), [buyable(vendor)], payment_method="bank_transfer")
    cod = place_order(customer(), [buyable(approved_vendor())], payment_method="cod")
    manager = shop_manager()
    login_with_second_factor(client, manager)
    url = reverse("admin:orders_order_changelist")
    assert list(client.get(url, {"payment_method": "cod"}).context["cl"].result_list) == [cod]
    assert list(client.get(url, {"shop": "filtr"}).context["cl"].result_list) == [bank]  # typed: 2,000 shops
    assert list(client.get(url, {"q": bank.number}).context["cl"].result_list) == [bank]
    assert list(client.get(url, {"q": "ana@example"}).context["cl"].result_list) == [bank]
    assert list(client.get(url, {"status": "pending_payment"}).context["cl"].result_list) == [cod, bank]
    # Mark the transfer paid: a reference is required
    action = reverse("admin:orders_order_mark_bank_transfer_paid", args=[bank.pk])
    client.post(action, {"bank_reference": "", "_form_submitted": "on"})
    assert Order.objects.get(pk=bank.pk).status == "pending_payment"
    assert client.post(action, {"bank_reference": "OP 118 / BT", "_form_submitted": "on"}).status_code == 302
    paid = Order.objects.get(pk=bank.pk)
    assert paid.status == "paid" and paid.events.filter(to_status="paid", actor=manager).exists()
    # Cancel with refund
    cancel = reverse("admin:orders_order_cancel_with_refund", args=[paid.pk])
    assert client.post(cancel, {"reason": "Clientul a renunțat.", "_form_submitted": "on"}).status_code == 302
    assert Order.objects.get(pk=bank.pk).status == "cancelled"
    detail = client.get(reverse("admin:orders_order_change", args=[bank.pk]))
    assert detail.status_code == 200 and "Clientul a renunțat." in detail.content.decode()


def test_support_agents_cannot_see_or_manage_orders(client):
    order = place_order(customer(), [buyable(approved_vendor())], payment_method="bank_transfer")
    login_with_second_factor(client, UserFactory(roles=["support-agent"], is_staff=True))
    assert client.get(reverse("admin:orders_order_changelist")).status_code == 403
    client.post(reverse("admin:orders_order_mark_bank_transfer_paid", args=[order.pk]), {"bank_reference": "X", "_form_submitted": "on"})
    assert Order.objects.get(pk=order.pk).status == "pending_payment"


def test_role_grants_come_from_the_data_migration():
    manager = shop_manager()
    assert manager.has_perm("orders.can_view_all_orders") and manager.has_perm("orders.can_manage_orders")
    assert not customer().has_perm("orders.can_view_all_orders")


def make_orders(buyer, vendors, n):
    for i in range(n):
        place_order(buyer, [buyable(vendors[i % 2], title=f"Piesa {i}"), buyable(vendors[(i + 1) % 2], title=f"Alta {i}")])


def test_buyer_order_list_costs_the_same_for_5_and_100_orders(client):
    buyer, vendors = customer(), [approved_vendor(), approved_vendor()]
    client.force_login(buyer)
    make_orders(buyer, vendors, 5)
    few = count_queries(client, reverse("order_list"))
    make_orders(buyer, vendors, 95)
    assert count_queries(client, reverse("order_list")) == few


def test_staff_order_changelist_costs_the_same_for_5_and_100_orders(client):
    vendors = [approved_vendor(), approved_vendor()]
    login_with_second_factor(client, UserFactory(roles=["admin"], is_staff=True, is_superuser=True))
    url = reverse("admin:orders_order_changelist") + "?all="
    buyer = customer()
    make_orders(buyer, vendors, 5)
    few = count_queries(client, url)
    make_orders(buyer, vendors, 95)
    assert count_queries(client, url) == few


def test_vendor_shipment_changelist_costs_the_same_for_5_and_100(client):
    vendors = [approved_vendor(), approved_vendor()]
    login_with_second_factor(client, vendors[0].user)
    url = reverse("vendors:orders_shipment_changelist") + "?all="
    buyer = customer()
    make_orders(buyer, vendors, 5)
    few = count_queries(client, url)
    make_orders(buyer, vendors, 95)
    assert count_queries(client, url) == few
    assert Shipment.objects.filter(vendor=vendors[0]).count() == 100
