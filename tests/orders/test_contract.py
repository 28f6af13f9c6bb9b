"""The services the auctions context calls: an order for a winning bidder, cancel, expiry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.orders.models import Order, OrderEvent
from marketplace.orders.services import order_cancel, order_checkout_complete, order_create_for_auction
from marketplace.orders.tasks import expire_unpaid_orders
from marketplace.products.models import AuctionProduct
from tests.factories import approved_vendor, catalogue, checkout_details, customer

pytestmark = pytest.mark.django_db


def auction_lot(vendor):
    cat = catalogue()
    return AuctionProduct.objects.create(
        vendor=vendor, title="Ceas Cartier Tank", slug="ceas-cartier-tank", category=cat["category"], brand=cat["brand"],
        product_type="preloved", condition=cat["condition"], status="validated", starting_price=Decimal("3000.00"),
        duration_hours=24,
    )


def test_auction_win_makes_an_unplaced_order_at_the_hammer_price(django_capture_on_commit_callbacks):
    # Given a vendor's lot won by a buyer at 4 250 lei
    vendor, buyer = approved_vendor(), customer()
    lot = auction_lot(vendor)
    deadline = timezone.now() + timedelta(hours=48)
    # When the auctions context asks for the order
    with django_capture_on_commit_callbacks(execute=True):
        order = order_create_for_auction(buyer=buyer, product=lot, price=Decimal("4250.00"), pay_by=deadline)
    # Then one line at the hammer price waits for payment, with the deadline, and both are e-mailed
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT and order.pay_by == deadline
    assert order.source == "auction" and not order.is_placed
    assert [(i.product_id, i.unit_price, i.quantity) for i in order.items.all()] == [(lot.pk, Decimal("4250.00"), 1)]
    assert order.total == Decimal("4250.00")
    assert {m.to[0] for m in mail.outbox} == {buyer.email, vendor.user.email}
    # And the buyer completes it later: the courier price is added, the deadline is kept
    order = order_checkout_complete(order=order, buyer=buyer, details=checkout_details([vendor], payment_method="bank_transfer"))
    assert order.is_placed and order.total == Decimal("4275.00") and order.pay_by == deadline


def test_unpaid_auction_order_expires_and_cancel_is_recorded():
    vendor, buyer = approved_vendor(), customer()
    order = order_create_for_auction(buyer=buyer, product=auction_lot(vendor), price=Decimal("3000.00"), pay_by=timezone.now() - timedelta(minutes=1))
    assert expire_unpaid_orders() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.events.filter(type=OrderEvent.Type.STATUS, to_status="cancelled").exists()
    assert expire_unpaid_orders() == 0  # twice is harmless


def test_order_cancel_by_auctions_context():
    vendor, buyer = approved_vendor(), customer()
    order = order_create_for_auction(buyer=buyer, product=auction_lot(vendor), price=Decimal("3000.00"), pay_by=timezone.now() + timedelta(days=1))
    order = order_cancel(order=order, actor=None, reason="Relisted for the next bidder.")
    assert order.status == "cancelled" and order.cancel_reason == "Relisted for the next bidder."


def test_the_winner_completes_the_auction_order_on_its_checkout_page(client):
    from django.urls import reverse

    vendor, buyer = approved_vendor(), customer()
    order = order_create_for_auction(buyer=buyer, product=auction_lot(vendor), price=Decimal("3500.00"), pay_by=timezone.now() + timedelta(days=2))
    client.force_login(buyer)
    assert reverse("checkout_order", args=[order.pk]) in client.get(reverse("order_detail", args=[order.pk])).content.decode()
    page = client.get(reverse("checkout_order", args=[order.pk]))
    assert page.status_code == 200 and page.context["quote"]["total"] == Decimal("3525.00")
    data = {
        "shipping_name": "Ana Popescu", "shipping_phone": "0722123456", "shipping_address": "Str. Lungă 1", "shipping_city": "Brașov",
        "shipping_county": "Brașov", "shipping_postal_code": "500001", "billing_type": "individual", "payment_method": "bank_transfer",
        "terms": "on", f"delivery_{vendor.pk}": "pickup",
    }
    response = client.post(reverse("checkout_order", args=[order.pk]), data)
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.is_placed and order.total == Decimal("3500.00") and order.payment_method == "bank_transfer"
    assert client.get(reverse("checkout_order", args=[order.pk])).status_code == 302  # already completed
