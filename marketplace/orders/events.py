"""The order's history and who is told: every change is an OrderEvent row; e-mails leave after commit.

``order_event_recorded`` is the order's domain event: sent inside the transaction that recorded the
event (the row lock on the order is still held), so a listener in a higher context — the vendor
wallet posting money, shipping reacting to a cancellation — writes in the same transaction and rolls
back with it. Listeners must be idempotent per ``event.pk`` and must not call back into the order
services. Status changes carry ``event.to_status``; payments and refunds carry their amounts in
``event.data``.
"""

from django.dispatch import Signal

from marketplace.common.jobs import enqueue_after_commit

from .models import Order, OrderEvent


def event_record(order: Order, type_: str, *, actor=None, message: str = "", from_status: str = "", to_status: str = "", data=None) -> OrderEvent:
    """Record one thing that happened to the order, by whom (None: the platform itself), and announce it."""
    event = OrderEvent.objects.create(
        order=order, type=type_, actor=actor if getattr(actor, "pk", None) else None, message=str(message)[:500],
        from_status=from_status, to_status=to_status, data=data or {},
    )
    order_event_recorded.send(sender=Order, order=order, event=event)
    return event


order_event_recorded = Signal()  # kwargs: order, event (an OrderEvent)


def notify_after_commit(order: Order, kind: str) -> None:
    """Tell the buyer and the order's vendors about ``kind`` once the transaction has committed."""
    enqueue_after_commit("marketplace.orders.tasks.notify_order", order.pk, kind)
