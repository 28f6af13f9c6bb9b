"""The payment side of the orders services: opening a card payment, applying a provider's events.

The providers themselves (Stripe, cash on delivery, bank transfer) are this package's other modules.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..events import event_record
from ..lifecycle import order_mark_paid
from ..models import Order, OrderEvent, Payment, PaymentMethod, WebhookEvent
from . import ProviderEvent, provider_for
from .refunds import payment_refund

Status = Order.Status


def payment_start(*, order: Order, success_url: str, cancel_url: str) -> Payment:
    """Open the provider's payment page for an unpaid card order (a new attempt each call)."""
    if not order.awaits_payment or not order.is_placed or order.payment_method != PaymentMethod.CARD:
        raise ValidationError(_("This order does not wait for a card payment."), code="not_payable")
    if order.pay_by and order.pay_by <= timezone.now():
        raise ValidationError(_("The payment deadline of this order has passed."), code="expired")
    payment = Payment.objects.filter(order=order, provider=PaymentMethod.CARD, status=Payment.Status.PENDING, reference="").first()
    if payment is None:
        payment = Payment.objects.create(order=order, provider=PaymentMethod.CARD, amount=order.total)
    started = provider_for(PaymentMethod.CARD).start(order=order, payment=payment, success_url=success_url, cancel_url=cancel_url)
    payment.reference, payment.checkout_url = started.reference, started.redirect_url
    payment.save(update_fields=["reference", "checkout_url", "updated_at"])
    return payment


@transaction.atomic
def payment_event_handle(*, provider: str, event: ProviderEvent) -> str:
    """Apply a verified provider event once: 'applied', 'duplicate' or 'ignored'.

    The event's id is recorded in the same transaction that applies it: when applying fails (an
    error, a refusal), the record goes too, so the provider's retry applies the payment instead of
    being taken for a duplicate. Two deliveries at once: the second waits on the unique row and
    then answers 'duplicate'.
    """
    try:
        with transaction.atomic():  # a savepoint: the duplicate's IntegrityError leaves the outer block usable
            WebhookEvent.objects.create(provider=provider, event_id=event.event_id, type=event.raw_type)
    except IntegrityError:
        return "duplicate"
    return _payment_event_apply(provider=provider, event=event)


def _payment_event_apply(*, provider: str, event: ProviderEvent) -> str:
    if event.type == "ignored" or event.payment_id is None:
        return "ignored"
    payment = Payment.objects.select_related("order").filter(pk=event.payment_id, provider=provider).first()
    if payment is None:
        return "ignored"
    order = payment.order
    if event.type == "failed":
        if payment.status == Payment.Status.PENDING:
            payment.status = Payment.Status.FAILED
            payment.save(update_fields=["status", "updated_at"])
            event_record(order, OrderEvent.Type.PAYMENT_FAILED, message=_("Card payment not completed (%(type)s).") % {"type": event.raw_type})
        return "applied"
    if order.status == Status.CANCELLED:
        # Paid after it was cancelled (deadline passed): take note and give the money back.
        payment.status, payment.reference = Payment.Status.SUCCEEDED, event.reference
        payment.save(update_fields=["status", "reference", "updated_at"])
        event_record(order, OrderEvent.Type.PAYMENT, message=_("Payment arrived after cancellation; refunding."))
        payment_refund(order=order, payment=payment, actor=None)
        return "applied"
    payment.reference = event.reference
    order_mark_paid(order=order, actor=None, reference=event.reference, amount=event.amount, payment=payment)
    return "applied"
