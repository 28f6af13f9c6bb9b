"""Giving money back through the provider that took it; a refund that fails waits for staff."""

from decimal import Decimal

from django.utils.translation import gettext as _

from marketplace.common.money import format_money

from ..events import event_record
from ..models import Order, OrderEvent, Payment
from . import PaymentError, provider_for


def payment_refund(*, order: Order, payment: Payment, actor) -> None:
    amount = payment.amount - payment.refunded_amount
    if amount <= 0:
        return
    try:
        result = provider_for(payment.provider).refund(payment=payment, amount=amount)
    except PaymentError as exc:
        event_record(order, OrderEvent.Type.REFUND, actor=actor, message=_("Refund failed, to be sent by hand: %(error)s") % {"error": exc})
        payment.status = Payment.Status.REFUND_PENDING
        payment.save(update_fields=["status", "updated_at"])
        return
    payment.status = Payment.Status.REFUNDED if result.completed else Payment.Status.REFUND_PENDING
    payment.refunded_amount += amount if result.completed else Decimal("0.00")
    payment.refund_reference = result.reference
    payment.save(update_fields=["status", "refunded_amount", "refund_reference", "updated_at"])
    message = (
        _("%(amount)s lei refunded (%(reference)s).") % {"amount": format_money(amount, unit=False), "reference": result.reference}
        if result.completed
        else _("%(amount)s lei to be refunded by bank transfer.") % {"amount": format_money(amount, unit=False)}
    )
    event_record(order, OrderEvent.Type.REFUND, actor=actor, message=message, data={"amount": str(amount)})
