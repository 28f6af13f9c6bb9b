"""Shared steps of the wallet tests: orders paid, delivered, completed through the order services."""

from django.db import transaction

from marketplace.orders.events import event_record
from marketplace.orders.lifecycle import order_mark_bank_transfer_paid, order_transition
from marketplace.orders.models import Order, OrderEvent
from marketplace.wallet.ledger import platform_account
from marketplace.wallet.models import AccountKind
from marketplace.wallet.selectors import vendor_balances
from tests.factories import shop_manager
from tests.orders.helpers import place_order


def paid_order(buyer, products, *, staff=None) -> Order:
    """A bank-transfer order for ``products``, marked paid by staff."""
    order = place_order(buyer, products, payment_method="bank_transfer")
    return order_mark_bank_transfer_paid(order=order, actor=staff or shop_manager(), bank_reference="OP-1")


def walk(order: Order, *statuses: str) -> Order:
    for status in statuses:
        order = order_transition(order=order, to_status=status, actor=None)
    return order


def complete(order: Order) -> Order:
    return walk(order, "awb_generated", "shipped", "delivered", "completed")


def refund_event(order: Order, amount: str, **data) -> OrderEvent:
    """What the returns work records for a (partial) refund: a REFUND event with its amount."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        return event_record(locked, OrderEvent.Type.REFUND, data={"amount": amount, **data})


def balances(vendor):
    return vendor_balances(vendor=vendor)


def platform(kind: str):
    return platform_account(AccountKind(kind)).balance
