"""The order state machine: paying, fulfilment and returns, cancelling, expiry.

Every status change goes through ``_move`` (checks ``TRANSITIONS``, records an OrderEvent with
actor and time); e-mails leave after commit through django-q2.
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.money import format_money, money
from marketplace.products.models import StoreProduct

from .deadlines import shipments_stamp_delivered, shipments_stamp_shipped, shipments_start_deadline
from .events import event_record, notify_after_commit
from .invoices import invoice_issue
from .models import TRANSITIONS, Order, OrderEvent, Payment, PaymentMethod, Shipment
from .payments.refunds import payment_refund
from .selectors import orders_past_payment_deadline

Status = Order.Status


def _refuse(order: Order, to_status: str) -> ValidationError:
    return ValidationError(
        _("An order that is %(current)s cannot become %(target)s.")
        % {"current": Status(order.status).label.lower(), "target": Status(to_status).label.lower()},
        code="invalid_transition",
    )


def _move(order: Order, to_status: str, *, actor, message: str = "", data=None) -> Order:
    """Change the status if TRANSITIONS allows it (order already row-locked), and record it."""
    current = order.status
    if to_status not in TRANSITIONS[current]:
        raise _refuse(order, to_status)
    if current == Status.PENDING_PAYMENT and to_status == Status.AWB_GENERATED and not (
        order.payment_method == PaymentMethod.COD and order.confirmed_at
    ):
        raise _refuse(order, to_status)  # only a confirmed cash-on-delivery order ships before payment
    order.status = to_status
    order.save()
    event_record(order, OrderEvent.Type.STATUS, actor=actor, from_status=current, to_status=to_status, message=message, data=data)
    return order


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


GENERIC_TARGETS = {
    Status.AWB_GENERATED, Status.SHIPPED, Status.DELIVERED, Status.COMPLETED,
    Status.RETURN_REQUESTED, Status.RETURNED, Status.REFUNDED,
}


@transaction.atomic
def order_transition(*, order: Order, to_status: str, actor, message: str = "") -> Order:
    """Move an order along the fulfilment and return path (shipping and returns call this).

    Paying and cancelling have their own services (``order_mark_paid``, ``order_cancel``).
    Delivering a cash-on-delivery order records the cash the courier collected. Shipping and
    delivering stamp the parcels' dates (``shipped_at``; ``delivered_at`` and the return window) where
    a more precise service (``fulfilment.shipment_mark_delivered``) has not already.
    """
    order = _locked(order)
    if to_status not in GENERIC_TARGETS:
        raise _refuse(order, to_status)
    _move(order, to_status, actor=actor, message=message)
    if to_status == Status.SHIPPED:
        shipments_stamp_shipped(order)
    elif to_status == Status.DELIVERED:
        shipments_stamp_delivered(order)
    elif to_status == Status.COMPLETED:
        order.completed_at = timezone.now()
        order.save(update_fields=["completed_at", "updated_at"])
    if to_status == Status.DELIVERED and order.payment_method == PaymentMethod.COD and order.paid_at is None:
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at", "updated_at"])
        Payment.objects.filter(order=order, provider=PaymentMethod.COD, status=Payment.Status.PENDING).update(
            status=Payment.Status.SUCCEEDED, updated_at=timezone.now()
        )
        event_record(order, OrderEvent.Type.PAYMENT, actor=actor, message=_("Cash collected on delivery."))
        for shipment in order.shipments.all():
            invoice_issue(shipment=shipment)
    if to_status in (Status.SHIPPED, Status.DELIVERED):
        notify_after_commit(order, to_status)
    return order


def shipment_ship_refusal(*, shipment: Shipment, order: Order | None = None) -> ValidationError | None:
    """Why the shop of ``shipment`` may not mark its parcel shipped now, or None when it may.

    A shop moves its order from "AWB generated" to "shipped" only when the whole order is theirs:
    ``order_transition`` moves the order, not one parcel of it (an order shared with other shops is
    moved by the team).
    """
    order = order or shipment.order
    if order.status != Status.AWB_GENERATED or Status.SHIPPED not in TRANSITIONS[order.status]:
        return _refuse(order, Status.SHIPPED)
    if Shipment.objects.filter(order_id=order.pk, cancelled_at__isnull=True).exclude(pk=shipment.pk).exists():
        return ValidationError(
            _("This order holds other shops' parcels too: the SNOBISTIC team marks it shipped."),
            code="order_shared",
        )
    return None


@transaction.atomic
def shipment_mark_shipped(*, shipment: Shipment, actor) -> Order:
    """The shop hands its parcel to the courier: its order becomes shipped (rule checked under the lock)."""
    order = _locked(shipment.order)
    refusal = shipment_ship_refusal(shipment=shipment, order=order)
    if refusal is not None:
        raise refusal
    return order_transition(order=order, to_status=Status.SHIPPED, actor=actor)


@transaction.atomic
def order_mark_paid(*, order: Order, actor, reference: str, amount: Decimal | None = None, payment: Payment | None = None) -> Order:
    """Money arrived for an unpaid order: it becomes paid, its invoices are issued, everyone is told.

    Called again for the same order (a replayed webhook, a double click) it changes nothing.
    """
    order = _locked(order)
    if order.paid_at is not None:
        return order
    if order.status != Status.PENDING_PAYMENT or order.payment_method == PaymentMethod.COD or not order.is_placed:
        raise _refuse(order, Status.PAID)
    if amount is not None and money(amount) != order.total:
        raise ValidationError(
            _("The amount received (%(got)s lei) is not the order total (%(want)s lei).") % {
                "got": format_money(amount, unit=False), "want": format_money(order.total, unit=False),
            },
            code="amount_mismatch",
        )
    now = timezone.now()
    order.paid_at = order.confirmed_at = now
    _move(order, Status.PAID, actor=actor, message=_("Paid: %(reference)s") % {"reference": reference}, data={"reference": reference})
    payment = payment or Payment.objects.filter(order=order, provider=order.payment_method).order_by("-pk").first()
    if payment is None:
        payment = Payment.objects.create(order=order, provider=order.payment_method, amount=order.total)
    payment.status, payment.reference = Payment.Status.SUCCEEDED, reference or payment.reference
    payment.save(update_fields=["status", "reference", "updated_at"])
    # Other attempts (an abandoned Stripe page) will not be paid now.
    order.payments.filter(status=Payment.Status.PENDING).exclude(pk=payment.pk).update(
        status=Payment.Status.FAILED, updated_at=now
    )
    event_record(order, OrderEvent.Type.PAYMENT, actor=actor, message=reference, data={"amount": str(order.total)})
    for shipment in order.shipments.all():
        invoice_issue(shipment=shipment)
    shipments_start_deadline(order, now=now)
    notify_after_commit(order, "paid")
    return order


@transaction.atomic
def order_mark_bank_transfer_paid(*, order: Order, actor, bank_reference: str) -> Order:
    """Staff saw the transfer in the bank statement."""
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise ValidationError({"bank_reference": _("Give the bank reference of the transfer.")}, code="reference_required")
    if order.payment_method != PaymentMethod.BANK_TRANSFER:
        raise ValidationError(_("Only a bank-transfer order can be marked paid by hand."), code="not_bank_transfer")
    return order_mark_paid(order=order, actor=actor, reference=bank_reference)


def _release_stock(order: Order) -> None:
    for item in order.items.filter(stock_reserved=True).order_by("product_id"):
        StoreProduct.objects.filter(pk=item.product_id).update(stock=F("stock") + item.quantity)
    order.items.filter(stock_reserved=True).update(stock_reserved=False)


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: str) -> Order:
    """Cancel before shipping: the pieces go back on sale and money taken is refunded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the order is cancelled.")}, code="reason_required")
    order = _locked(order)
    order.cancelled_at, order.cancel_reason = timezone.now(), reason[:500]
    _move(order, Status.CANCELLED, actor=actor, message=reason)
    _release_stock(order)
    # A payment partly refunded already (one shop's parcel cancelled) gives back only what is left.
    for payment in order.payments.filter(status__in=(Payment.Status.SUCCEEDED, Payment.Status.REFUND_PENDING)):
        payment_refund(order=order, payment=payment, actor=actor)
    order.payments.filter(status=Payment.Status.PENDING).update(status=Payment.Status.FAILED, updated_at=timezone.now())
    notify_after_commit(order, "cancelled")
    return order


@transaction.atomic
def order_expire(*, order: Order, now: datetime) -> bool:
    """Cancel one order whose payment deadline passed — checked again under the row lock, so an
    order paid a moment ago is left alone. True when it was cancelled."""
    order = _locked(order)
    confirmed_cod = order.payment_method == PaymentMethod.COD and order.confirmed_at is not None
    if order.status != Status.PENDING_PAYMENT or order.paid_at or confirmed_cod or not order.pay_by or order.pay_by >= now:
        return False
    order_cancel(order=order, actor=None, reason=_("The payment deadline passed."))
    return True


def orders_expire_unpaid(*, now: datetime | None = None) -> int:
    """Cancel orders whose payment deadline passed (card reservations, bank transfers, auction wins)."""
    now = now or timezone.now()
    return sum(order_expire(order=order, now=now) for order in orders_past_payment_deadline(now=now))
