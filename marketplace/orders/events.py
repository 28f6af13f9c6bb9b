"""The order's history and who is told: every change is an OrderEvent row; e-mails leave after commit."""

from marketplace.common.jobs import enqueue_after_commit

from .models import Order, OrderEvent


def event_record(order: Order, type_: str, *, actor=None, message: str = "", from_status: str = "", to_status: str = "", data=None) -> OrderEvent:
    """Record one thing that happened to the order, by whom (None: the platform itself)."""
    return OrderEvent.objects.create(
        order=order, type=type_, actor=actor if getattr(actor, "pk", None) else None, message=str(message)[:500],
        from_status=from_status, to_status=to_status, data=data or {},
    )


def notify_after_commit(order: Order, kind: str) -> None:
    """Tell the buyer and the order's vendors about ``kind`` once the transaction has committed."""
    enqueue_after_commit("marketplace.orders.tasks.notify_order", order.pk, kind)
