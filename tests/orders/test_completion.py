"""Delivery (by hand, by the buyer) starts the return window; the order completes when it has closed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.common.errors import NotFound
from marketplace.orders.fulfilment import order_confirm_receipt, orders_complete_due, shipment_mark_delivered
from marketplace.orders.models import Order, Payment, ReturnRequest, Shipment
from marketplace.orders.returns import ReturnDetails, return_request_create
from marketplace.orders.services import order_transition
from tests.factories import approved_vendor, buyable, customer

from .helpers import place_order

pytestmark = pytest.mark.django_db
S = Order.Status
START = timezone.datetime(2026, 3, 2, 9, 0, tzinfo=timezone.UTC)


def shipped_order(*products):
    order = place_order(customer(), list(products) or [buyable(approved_vendor())])  # cash on delivery
    order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
    return order_transition(order=order, to_status=S.SHIPPED, actor=None)


def test_vendor_marks_delivered_window_starts_and_cash_is_collected():
    order = shipped_order()
    shipment = order.shipments.get()
    with time_machine.travel(START, tick=False):
        shipment_mark_delivered(shipment=shipment, actor=shipment.vendor.user, by=Shipment.DeliveredBy.VENDOR)
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    assert shipment.delivered_at == START and shipment.return_window_ends == START + timedelta(days=14)
    assert order.payments.get().status == Payment.Status.SUCCEEDED


def test_not_shipped_cannot_be_delivered():
    order = place_order(customer(), [buyable(approved_vendor())])
    with pytest.raises(ValidationError) as exc:
        shipment_mark_delivered(shipment=order.shipments.get(), actor=None, by=Shipment.DeliveredBy.STAFF)
    assert exc.value.code == "not_shipped"


def test_shared_order_is_delivered_when_its_last_parcel_is():
    order = shipped_order(buyable(approved_vendor()), buyable(approved_vendor()))
    first, second = order.shipments.order_by("pk")
    shipment_mark_delivered(shipment=first, actor=None, by=Shipment.DeliveredBy.STAFF)
    order.refresh_from_db()
    assert order.status == S.SHIPPED
    shipment_mark_delivered(shipment=second, actor=None, by=Shipment.DeliveredBy.STAFF)
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_buyer_confirms_receipt_only_of_their_order():
    order = shipped_order()
    with pytest.raises(NotFound):
        order_confirm_receipt(order=order, buyer=customer())
    order = order_confirm_receipt(order=order, buyer=order.buyer)
    assert order.status == S.DELIVERED
    assert order.shipments.get().delivered_by == Shipment.DeliveredBy.BUYER


def test_completion_at_the_window_boundary():
    order = shipped_order()
    with time_machine.travel(START, tick=False):
        order_confirm_receipt(order=order, buyer=order.buyer)
    end = START + timedelta(days=14)
    assert orders_complete_due(now=end - timedelta(seconds=1)) == 0
    with time_machine.travel(end, tick=False):
        assert orders_complete_due(now=end) == 1
    order.refresh_from_db()
    assert order.status == S.COMPLETED and order.completed_at == end
    assert orders_complete_due(now=end + timedelta(days=1)) == 0


def test_open_return_holds_completion_and_a_refused_one_lets_it_complete():
    order = shipped_order()
    with time_machine.travel(START, tick=False):
        order_confirm_receipt(order=order, buyer=order.buyer)
    item = order.items.get()
    with time_machine.travel(START + timedelta(days=13), tick=False):
        rr = return_request_create(
            order=order, shipment_id=item.shipment_id, buyer=order.buyer,
            details=ReturnDetails(items={item.pk: 1}, reason="does_not_fit"),
        )
    assert orders_complete_due(now=START + timedelta(days=30)) == 0
    ReturnRequest.objects.filter(pk=rr.pk).update(status=ReturnRequest.Status.REJECTED)
    assert orders_complete_due(now=START + timedelta(days=30)) == 1
    order.refresh_from_db()
    assert order.status == S.COMPLETED


def test_ship_engineers_generic_delivered_stamps_the_window():
    order = shipped_order()
    with time_machine.travel(START, tick=False):
        order_transition(order=order, to_status=S.DELIVERED, actor=None)
    assert order.shipments.get().return_window_ends == START + timedelta(days=14)
