"""The shipping deadline: set at payment (or cash-on-delivery confirmation), a warning a day before,
and the late shipment cancelled alone at the boundary — refunded, its pieces back on sale."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from marketplace.notifications.models import Notification
from marketplace.orders.fulfilment import shipments_late_or_at_risk, shipping_deadlines_check
from marketplace.orders.models import Order, OrderEvent, Payment, Shipment
from marketplace.orders.services import order_mark_bank_transfer_paid, order_transition
from marketplace.products.models import StoreProduct
from tests.factories import approved_vendor, buyable, customer, shop_manager

from .helpers import place_order

pytestmark = pytest.mark.django_db
S = Order.Status
START = timezone.datetime(2026, 3, 2, 9, 0, tzinfo=timezone.UTC)


def paid_bank_order(*products):
    order = place_order(customer(), list(products), payment_method="bank_transfer")
    return order_mark_bank_transfer_paid(order=order, actor=shop_manager(), bank_reference="OP 1")


def test_ship_by_is_set_at_payment_from_shipping_days():
    with time_machine.travel(START, tick=False):
        order = paid_bank_order(buyable(approved_vendor()))
    shipment = order.shipments.get()
    assert shipment.ship_by == START + timedelta(days=3)


def test_cash_on_delivery_starts_the_deadline_when_confirmed():
    with time_machine.travel(START, tick=False):
        order = place_order(customer(), [buyable(approved_vendor())])
    assert order.shipments.get().ship_by == START + timedelta(days=3)


def test_unpaid_bank_order_has_no_deadline_yet():
    order = place_order(customer(), [buyable(approved_vendor())], payment_method="bank_transfer")
    assert order.shipments.get().ship_by is None


def test_warning_a_day_before_once(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        order = paid_bank_order(buyable(approved_vendor()))
    vendor_user = order.shipments.get().vendor.user
    # 1 second before "a day before": nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        assert shipping_deadlines_check(now=START + timedelta(days=2) - timedelta(seconds=1)) == {"warned": 0, "cancelled": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert shipping_deadlines_check(now=START + timedelta(days=2)) == {"warned": 1, "cancelled": 0}
    assert Notification.objects.filter(user=vendor_user, kind="shipment").count() == 1
    # the next hour warns nobody again
    with django_capture_on_commit_callbacks(execute=True):
        assert shipping_deadlines_check(now=START + timedelta(days=2, hours=1))["warned"] == 0
    assert Notification.objects.filter(user=vendor_user, kind="shipment").count() == 1


def test_single_shipment_past_deadline_cancels_the_order_and_refunds(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        product = buyable(approved_vendor(), stock=1)
        order = paid_bank_order(product)
    deadline = START + timedelta(days=3)
    assert StoreProduct.objects.get(pk=product.pk).stock == 0
    assert shipping_deadlines_check(now=deadline - timedelta(seconds=1))["cancelled"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert shipping_deadlines_check(now=deadline)["cancelled"] == 1
    order.refresh_from_db()
    assert order.status == S.CANCELLED and order.cancel_reason
    assert StoreProduct.objects.get(pk=product.pk).stock == 1
    payment = order.payments.get()
    assert payment.status == Payment.Status.REFUND_PENDING and payment.refund_due == order.total
    assert order.events.filter(type=OrderEvent.Type.SHIPMENT, data__reason="shipping_deadline").exists()
    # run again: nothing more
    assert shipping_deadlines_check(now=deadline + timedelta(hours=1))["cancelled"] == 0


def test_shipped_in_time_is_not_cancelled():
    with time_machine.travel(START, tick=False):
        order = paid_bank_order(buyable(approved_vendor()))
        order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
        order_transition(order=order, to_status=S.SHIPPED, actor=None)
    assert order.shipments.get().shipped_at == START
    assert shipping_deadlines_check(now=START + timedelta(days=10))["cancelled"] == 0
    order.refresh_from_db()
    assert order.status == S.SHIPPED


def test_only_the_late_shop_of_a_shared_order_is_cancelled(django_capture_on_commit_callbacks):
    late_piece = buyable(approved_vendor(), price="1000.00", stock=1)
    on_time_piece = buyable(approved_vendor(), price="500.00", stock=1)
    with time_machine.travel(START, tick=False):
        order = paid_bank_order(late_piece, on_time_piece)
    late = order.shipments.get(vendor=late_piece.vendor)
    other = order.shipments.get(vendor=on_time_piece.vendor)
    Shipment.objects.filter(pk=other.pk).update(ship_by=START + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert shipping_deadlines_check(now=START + timedelta(days=3))["cancelled"] == 1
    order.refresh_from_db()
    late.refresh_from_db()
    other.refresh_from_db()
    assert order.status == S.PAID
    assert late.cancelled_at is not None and other.cancelled_at is None
    assert StoreProduct.objects.get(pk=late_piece.pk).stock == 1
    assert StoreProduct.objects.get(pk=on_time_piece.pk).stock == 0
    payment = order.payments.get()
    # its items and its shipping, not the other shop's
    assert payment.refund_due == Decimal("1000.00") + late.shipping_price
    refund = order.events.get(type=OrderEvent.Type.REFUND)
    assert Decimal(refund.data["amount"]) == late.total and refund.data["shipment"] == late.pk
    assert Notification.objects.filter(user=order.buyer, kind="order").exists()
    # later the other shop is late too: the whole order is cancelled, the rest refunded, never twice
    shipping_deadlines_check(now=START + timedelta(days=5))
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == S.CANCELLED
    assert payment.refund_due == order.total


def test_partial_cancel_on_cash_on_delivery_lowers_what_the_courier_collects():
    a = buyable(approved_vendor(), price="1000.00")
    b = buyable(approved_vendor(), price="500.00")
    with time_machine.travel(START, tick=False):
        order = place_order(customer(), [a, b])
    Shipment.objects.filter(order=order, vendor=b.vendor).update(ship_by=START + timedelta(days=9))
    late = order.shipments.get(vendor=a.vendor)
    shipping_deadlines_check(now=START + timedelta(days=3))
    payment = order.payments.get()
    assert payment.status == Payment.Status.PENDING
    assert payment.amount == order.total - late.total
    assert payment.refund_due == 0


def test_staff_late_list_has_late_and_at_risk(django_assert_num_queries):
    with time_machine.travel(START, tick=False):
        paid_bank_order(buyable(approved_vendor()))
        paid_bank_order(buyable(approved_vendor()))
    with time_machine.travel(START + timedelta(days=1), tick=False):
        paid_bank_order(buyable(approved_vendor()))  # ship_by = START + 4 days: not at risk yet
    now = START + timedelta(days=2, hours=1)
    with django_assert_num_queries(1):
        rows = list(shipments_late_or_at_risk(now=now))
        [(r.order.number, r.vendor.shop_name) for r in rows]
    assert len(rows) == 2
