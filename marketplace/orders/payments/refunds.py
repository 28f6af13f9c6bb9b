"""Giving money back through the provider that took it; a refund that fails waits for staff.

``amount`` (default: all that is left) lets one shop's part of an order, or a return, be refunded
alone. Money the provider cannot send (bank transfer, cash on delivery, a refused card refund) is
added to ``Payment.refund_due`` for staff to send by hand, so it is never owed twice.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.money import format_money

from ..events import event_record
from ..models import Order, OrderEvent, Payment
from . import PaymentError, provider_for


def payment_refundable(payment: Payment) -> Decimal:
    """What is left to give back on ``payment`` (refunded or already owed by hand counts as given)."""
    return payment.amount - payment.refunded_amount - payment.refund_due


def payment_refund(*, order: Order, payment: Payment, actor, amount: Decimal | None = None, data=None) -> Decimal:
    """Refund ``amount`` (at most what is left; all of it by default). Returns the amount refunded or owed."""
    left = payment_refundable(payment)
    amount = left if amount is None else min(amount, left)
    if amount <= 0:
        return Decimal("0.00")
    extra = dict(data or {})
    try:
        result = provider_for(payment.provider).refund(payment=payment, amount=amount)
    except PaymentError as exc:
        payment.refund_due += amount
        payment.status = Payment.Status.REFUND_PENDING
        payment.save(update_fields=["status", "refund_due", "updated_at"])
        event = event_record(
            order, OrderEvent.Type.REFUND, actor=actor,
            message=_("Refund failed, to be sent by hand: %(error)s") % {"error": exc},
            data={**extra, "amount": str(amount), "by_hand": True},
        )
        _tell(event, extra)
        return amount
    if result.completed:
        payment.refunded_amount += amount
        fully = payment.refunded_amount >= payment.amount
        payment.status = Payment.Status.REFUNDED if fully else payment.status
    else:
        payment.refund_due += amount
        payment.status = Payment.Status.REFUND_PENDING
    payment.refund_reference = result.reference or payment.refund_reference
    payment.save(update_fields=["status", "refunded_amount", "refund_due", "refund_reference", "updated_at"])
    message = (
        _("%(amount)s lei refunded (%(reference)s).") % {"amount": format_money(amount, unit=False), "reference": result.reference}
        if result.completed
        else _("%(amount)s lei to be refunded by bank transfer.") % {"amount": format_money(amount, unit=False)}
    )
    event = event_record(order, OrderEvent.Type.REFUND, actor=actor, message=message, data={**extra, "amount": str(amount), "by_hand": not result.completed})
    _tell(event, extra)
    return amount


def _tell(event: OrderEvent, data: dict) -> None:
    """The buyer hears of each refund after commit; a return's refund is told by the return's own notice."""
    if "return" not in data:
        enqueue_after_commit("marketplace.orders.tasks.notify_refund", event.pk)
