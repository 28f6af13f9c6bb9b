"""A completed order to review: bought, shipped, delivered and past its return window."""

from marketplace.orders.models import Order
from marketplace.orders.services import order_transition
from tests.factories import approved_vendor, buyable, customer
from tests.orders.helpers import place_order

S = Order.Status


def completed_order(buyer=None, products=None):
    buyer = buyer or customer()
    order = place_order(buyer, products or [buyable(approved_vendor())])
    for status in (S.AWB_GENERATED, S.SHIPPED, S.DELIVERED, S.COMPLETED):
        order = order_transition(order=order, to_status=status, actor=None)
    return order
