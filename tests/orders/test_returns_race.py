"""Returns under concurrent writers (PostgreSQL): a refund pressed twice at once leaves once; two shops
refunding their parcels of one order at the same moment both go through and the order ends refunded
exactly once; a buyer sending the same return twice at once gets one request."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from marketplace.orders.models import Order, OrderEvent, ReturnRequest
from marketplace.orders.returns import (
    ReturnDetails,
    return_answer,
    return_receive,
    return_refund,
    return_request_create,
)
from tests.factories import approved_vendor, buyable

from .test_returns import START, delivered_order

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL"),
]
NOW = START + timedelta(days=1)


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes, lock = [], threading.Lock()

    def run(call):
        try:
            barrier.wait()
            try:
                result = call()
            except Exception as exc:  # noqa: BLE001 - the refusal is the outcome under test
                result = exc
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def received(order, parcel):
    rr = return_request_create(order=order, shipment_id=parcel.pk, buyer=order.buyer, now=NOW,
                               details=ReturnDetails(items={parcel.items.get().pk: 1}, reason="not_as_described"))
    return_answer(return_request=rr, actor=None, accept=True, now=NOW)
    return return_receive(return_request=rr, actor=None, inspection="As sent.", now=NOW)


def test_a_refund_pressed_twice_at_once_leaves_once():
    order = delivered_order()
    rr = received(order, order.shipments.get())
    outcomes = at_once(*[lambda: return_refund(return_request=rr, actor=None, include_shipping=True)] * 4)
    assert sum(isinstance(o, ReturnRequest) for o in outcomes) == 1
    assert order.events.filter(type=OrderEvent.Type.REFUND).count() == 1
    assert order.payments.get().refund_due == order.total


def test_two_shops_refunding_at_the_same_moment_both_go_through_and_the_order_is_refunded_once():
    order = delivered_order(buyable(approved_vendor(), price="1000.00"), buyable(approved_vendor(), price="400.00"))
    returns = [received(order, parcel) for parcel in order.shipments.order_by("pk")]
    outcomes = at_once(*[lambda rr=rr: return_refund(return_request=rr, actor=None, include_shipping=True) for rr in returns])
    assert all(isinstance(o, ReturnRequest) for o in outcomes)
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert order.events.filter(type=OrderEvent.Type.STATUS, to_status=Order.Status.REFUNDED).count() == 1
    assert order.payments.get().refund_due == order.total


def test_the_same_return_sent_twice_at_once_is_one_request():
    order = delivered_order()
    parcel = order.shipments.get()
    item = parcel.items.get()
    outcomes = at_once(*[lambda: return_request_create(
        order=order, shipment_id=parcel.pk, buyer=order.buyer, now=NOW,
        details=ReturnDetails(items={item.pk: 1}, reason="not_as_described"),
    )] * 3)
    assert sum(isinstance(o, ReturnRequest) for o in outcomes) == 1
    assert ReturnRequest.objects.filter(order=order).count() == 1
