"""A return on an order with several shops: each shop's parcel is returned and refunded on its own, the
buyer's refund waits only for the parcel they sent back, and what was kept stays sold — the order then
completes when its return windows close and each shop is paid what is left of its sale (issue 13)."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from marketplace.orders.fulfilment import orders_complete_due
from marketplace.orders.models import Order, ReturnRequest
from marketplace.orders.returns import (
    ReturnDetails,
    return_answer,
    return_receive,
    return_refund,
    return_refusal,
    return_request_create,
)
from marketplace.wallet.selectors import vendor_balances
from tests.factories import approved_vendor, buyable

from .test_returns import START, delivered_order

pytestmark = pytest.mark.django_db
S = Order.Status
R = ReturnRequest.Status
DAY = timedelta(days=1)


def two_shop_order():
    shop_a, shop_b = approved_vendor(), approved_vendor()
    order = delivered_order(buyable(shop_a, price="1000.00"), buyable(shop_b, price="400.00"))
    parcel_a = order.shipments.get(vendor=shop_a)
    parcel_b = order.shipments.get(vendor=shop_b)
    return order, parcel_a, parcel_b


def return_parcel(order, parcel, *, refund=None, include_shipping=True, at=START + DAY):
    item = parcel.items.get()
    with time_machine.travel(at, tick=False):
        rr = return_request_create(order=order, shipment_id=parcel.pk, buyer=order.buyer,
                                   details=ReturnDetails(items={item.pk: 1}, reason="not_as_described"))
        return_answer(return_request=rr, actor=parcel.vendor.user, accept=True)
        return_receive(return_request=rr, actor=parcel.vendor.user, inspection="As sent.")
        return return_refund(return_request=rr, actor=parcel.vendor.user, amount=refund, include_shipping=include_shipping)


def test_one_shops_return_is_refunded_alone_and_the_other_shop_keeps_its_sale():
    order, parcel_a, parcel_b = two_shop_order()
    b_sale = vendor_balances(vendor=parcel_b.vendor).pending
    assert b_sale > 0
    rr = return_parcel(order, parcel_a)
    # The buyer got back what they returned (piece and its shipping) at once, not the other shop's part.
    assert rr.status == R.REFUNDED and rr.refund_amount == parcel_a.total
    assert order.payments.get().refund_due == parcel_a.total
    order.refresh_from_db()
    assert order.status == S.RETURNED  # not "refunded": shop B's parcel was kept
    assert vendor_balances(vendor=parcel_a.vendor).pending == 0
    assert vendor_balances(vendor=parcel_b.vendor).pending == b_sale  # untouched by A's return
    # The window closes: the order completes and shop B is paid; nothing is left for shop A.
    parcel_b.refresh_from_db()
    ends = max(parcel_a.return_window_ends, parcel_b.return_window_ends)
    assert orders_complete_due(now=ends - timedelta(seconds=1)) == 0
    assert orders_complete_due(now=ends) == 1
    order.refresh_from_db()
    assert order.status == S.COMPLETED
    b = vendor_balances(vendor=parcel_b.vendor)
    assert (b.pending, b.available) == (0, b_sale)
    a = vendor_balances(vendor=parcel_a.vendor)
    assert (a.pending, a.available) == (0, 0)


def test_the_other_shops_parcel_can_still_be_returned_after_the_first_refund():
    order, parcel_a, parcel_b = two_shop_order()
    return_parcel(order, parcel_a)
    order.refresh_from_db()
    parcel_b.refresh_from_db()
    assert return_refusal(order=order, shipment=parcel_b, now=START + 2 * DAY) == ""
    assert return_refusal(order=order, shipment=parcel_a, now=START + 2 * DAY)  # every piece of A came back
    return_parcel(order, parcel_b, at=START + 2 * DAY)
    order.refresh_from_db()
    # Both parcels returned and refunded in full: now the whole order is refunded.
    assert order.status == S.REFUNDED
    assert order.payments.get().refund_due == order.total
    for parcel in (parcel_a, parcel_b):
        balances = vendor_balances(vendor=parcel.vendor)
        assert (balances.pending, balances.available) == (0, 0)


def test_an_open_return_of_one_shop_holds_completion_of_the_order():
    order, parcel_a, parcel_b = two_shop_order()
    with time_machine.travel(START + DAY, tick=False):
        return_request_create(order=order, shipment_id=parcel_a.pk, buyer=order.buyer,
                              details=ReturnDetails(items={parcel_a.items.get().pk: 1}, reason="not_as_described"))
    parcel_a.refresh_from_db()
    assert orders_complete_due(now=parcel_a.return_window_ends + DAY) == 0  # the return is still open


def test_a_refund_lowered_after_inspection_leaves_the_rest_to_the_shop():
    shop = approved_vendor()
    order = delivered_order(buyable(shop, price="1000.00"))
    parcel = order.shipments.get()
    sale = vendor_balances(vendor=shop).pending
    return_parcel(order, parcel, refund=Decimal("900.00"), include_shipping=False)
    order.refresh_from_db()
    assert order.status == S.RETURNED  # 900 of what was paid came back, not all of it
    kept = vendor_balances(vendor=shop).pending
    assert Decimal("0") < kept < sale
    assert orders_complete_due(now=parcel.return_window_ends) == 1
    balances = vendor_balances(vendor=shop)
    assert (balances.pending, balances.available) == (0, kept)
