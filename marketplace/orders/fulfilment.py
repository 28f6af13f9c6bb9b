"""From "paid" to "completed": the shipping deadline, delivery by hand, and completion.

- ``shipping_deadlines_check`` (hourly job): a shop is warned a day before its ``ship_by``; a
  shipment not handed to the courier by then is cancelled alone (``shipment_cancel_late``): its
  pieces go back on sale and the buyer gets its part back (items and shipping). When it was the
  order's only parcel still going ahead, the whole order is cancelled (``order_cancel``).
- ``shipment_mark_delivered`` (staff or the shop, for parcels without courier tracking) and
  ``order_confirm_receipt`` (the buyer): the parcel arrived, its return window starts.
- ``orders_complete_due`` (job): once every parcel's return window has closed with no open
  return, the order completes — the event the vendor wallet listens to.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.errors import NotFound
from marketplace.common.jobs import enqueue_after_commit
from marketplace.products.models import StoreProduct

from .deadlines import active_shipments, return_window_end
from .events import event_record, notify_after_commit
from .lifecycle import _locked, order_cancel, order_transition
from .models import Order, OrderEvent, Payment, PaymentMethod, ReturnRequest, Shipment
from .payments.refunds import payment_refund

Status = Order.Status
WARN_BEFORE = timedelta(days=1)
# A shipment may still be cancelled for lateness while its order waits to be handed over.
BEFORE_HAND_OVER = (Status.PAID, Status.AWB_GENERATED, Status.PENDING_PAYMENT)


def _awaiting_hand_over() -> Q:
    """Shipments of confirmed orders (paid, or cash on delivery confirmed) not yet with the courier."""
    confirmed = Q(order__status__in=(Status.PAID, Status.AWB_GENERATED)) | Q(
        order__status=Status.PENDING_PAYMENT, order__payment_method=PaymentMethod.COD, order__confirmed_at__isnull=False
    )
    return confirmed & Q(cancelled_at__isnull=True, shipped_at__isnull=True, ship_by__isnull=False)


def shipments_to_warn(*, now: datetime) -> QuerySet[Shipment]:
    return Shipment.objects.filter(_awaiting_hand_over(), ship_by__gt=now, ship_by__lte=now + WARN_BEFORE, ship_warned_at__isnull=True)


def shipments_past_deadline(*, now: datetime) -> QuerySet[Shipment]:
    return Shipment.objects.filter(_awaiting_hand_over(), ship_by__lte=now).order_by("ship_by", "pk")


def shipments_late_or_at_risk(*, now: datetime | None = None) -> QuerySet[Shipment]:
    """The staff list: parcels not handed over whose deadline is less than a day away or already passed."""
    now = now or timezone.now()
    return (
        Shipment.objects.filter(_awaiting_hand_over(), ship_by__lte=now + WARN_BEFORE)
        .select_related("order", "vendor")
        .order_by("ship_by", "pk")
    )


def _shipment_warn(shipment_id: int, now: datetime) -> bool:
    with transaction.atomic():
        claimed = Shipment.objects.filter(pk=shipment_id, ship_warned_at__isnull=True).update(ship_warned_at=now, updated_at=now)
        if not claimed:
            return False
        shipment = Shipment.objects.select_related("order").get(pk=shipment_id)
        event_record(
            shipment.order, OrderEvent.Type.SHIPMENT, actor=None,
            message=_("Shipping deadline reminder sent to the shop."), data={"shipment": shipment.pk, "ship_by": shipment.ship_by.isoformat()},
        )
        enqueue_after_commit("marketplace.orders.tasks.notify_fulfilment", shipment.pk, "deadline_warning")
    return True


def _release_shipment_stock(shipment: Shipment) -> None:
    items = shipment.items.filter(stock_reserved=True).order_by("product_id")
    for item in items:
        StoreProduct.objects.filter(pk=item.product_id).update(stock=F("stock") + item.quantity)
    shipment.items.filter(stock_reserved=True).update(stock_reserved=False)


def _refund_part(order: Order, amount: Decimal, *, actor, data: dict) -> Decimal:
    """Give ``amount`` of the order's money back, taken payment by payment; a cash-on-delivery
    payment not collected yet is lowered instead (the courier collects less)."""
    refunded = Decimal("0.00")
    for payment in order.payments.filter(status__in=(Payment.Status.SUCCEEDED, Payment.Status.REFUND_PENDING)).order_by("pk"):
        if refunded >= amount:
            break
        refunded += payment_refund(order=order, payment=payment, actor=actor, amount=amount - refunded, data=data)
    pending_cod = order.payments.filter(status=Payment.Status.PENDING, provider=PaymentMethod.COD).order_by("pk").first()
    if refunded < amount and pending_cod is not None:
        lower = min(amount - refunded, pending_cod.amount)
        pending_cod.amount -= lower
        pending_cod.save(update_fields=["amount", "updated_at"])
    return refunded


@transaction.atomic
def shipment_cancel_late(*, shipment: Shipment, now: datetime | None = None) -> bool:
    """Cancel a shipment whose shop missed ``ship_by`` (checked again under the order's lock).

    True when it was cancelled. The buyer is refunded its part (items and shipping); its pieces go
    back on sale; an order left with no parcel going ahead is cancelled as a whole.
    """
    now = now or timezone.now()
    order = _locked(shipment.order)
    shipment = Shipment.objects.get(pk=shipment.pk)
    if not shipments_past_deadline(now=now).filter(pk=shipment.pk).exists():
        return False
    reason = _("%(shop)s did not hand the parcel to the courier by %(date)s.") % {
        "shop": shipment.vendor.shop_name, "date": timezone.localtime(shipment.ship_by).strftime("%d.%m.%Y %H:%M"),
    }
    shipment.cancelled_at, shipment.cancel_reason = now, reason[:500]
    shipment.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    data = {"shipment": shipment.pk, "vendor": shipment.vendor_id, "amount": str(shipment.total), "reason": "shipping_deadline"}
    if not active_shipments(order).exists():
        event_record(order, OrderEvent.Type.SHIPMENT, actor=None, message=reason, data=data)
        order_cancel(order=order, actor=None, reason=reason)
    else:
        event_record(order, OrderEvent.Type.SHIPMENT, actor=None, message=_("Shipment cancelled: %(reason)s") % {"reason": reason}, data=data)
        _release_shipment_stock(shipment)
        _refund_part(order, shipment.total, actor=None, data={"shipment": shipment.pk})
        enqueue_after_commit("marketplace.orders.tasks.notify_fulfilment", shipment.pk, "shipment_cancelled")
    enqueue_after_commit("marketplace.orders.tasks.notify_fulfilment", shipment.pk, "deadline_cancelled")
    return True


def shipping_deadlines_check(*, now: datetime | None = None) -> dict[str, int]:
    """The hourly job: warn the shops whose deadline is a day away, cancel the shipments past it."""
    now = now or timezone.now()
    warned = sum(_shipment_warn(pk, now) for pk in list(shipments_to_warn(now=now).values_list("pk", flat=True)))
    cancelled = sum(shipment_cancel_late(shipment=s, now=now) for s in list(shipments_past_deadline(now=now).select_related("order")))
    return {"warned": warned, "cancelled": cancelled}


# --- Delivery by hand -------------------------------------------------------------------------------
def shipment_delivery_refusal(*, shipment: Shipment, order: Order | None = None) -> ValidationError | None:
    """Why this parcel cannot be marked delivered now, or None."""
    order = order or shipment.order
    if shipment.cancelled_at is not None:
        return ValidationError(_("This shipment was cancelled."), code="shipment_cancelled")
    if shipment.delivered_at is not None:
        return ValidationError(_("This parcel is already delivered."), code="already_delivered")
    if order.status != Status.SHIPPED:
        return ValidationError(_("Only a parcel on its way can be marked delivered."), code="not_shipped")
    return None


@transaction.atomic
def shipment_mark_delivered(*, shipment: Shipment, actor, by: str, now: datetime | None = None) -> Shipment:
    """The parcel reached the buyer (told by the shop, the team or the buyer): its return window
    starts; when it was the order's last parcel on its way, the order is delivered."""
    now = now or timezone.now()
    order = _locked(shipment.order)
    shipment = Shipment.objects.select_related("vendor").get(pk=shipment.pk)
    refusal = shipment_delivery_refusal(shipment=shipment, order=order)
    if refusal is not None:
        raise refusal
    shipment.delivered_at, shipment.delivered_by = now, by
    shipment.shipped_at = shipment.shipped_at or now
    shipment.return_window_ends = return_window_end(now)
    shipment.save(update_fields=["delivered_at", "delivered_by", "shipped_at", "return_window_ends", "updated_at"])
    event_record(
        order, OrderEvent.Type.SHIPMENT, actor=actor,
        message=_("%(shop)s: delivered (%(by)s).") % {"shop": shipment.vendor.shop_name, "by": Shipment.DeliveredBy(by).label},
        data={"shipment": shipment.pk, "delivered_by": by},
    )
    if not active_shipments(order).filter(delivered_at__isnull=True).exists():
        order_transition(order=order, to_status=Status.DELIVERED, actor=actor)
    return shipment


@transaction.atomic
def order_confirm_receipt(*, order: Order, buyer) -> Order:
    """The buyer says the parcels arrived (every one still on its way)."""
    order = _locked(order)
    if order.buyer_id != getattr(buyer, "pk", None):
        raise NotFound()
    if order.status != Status.SHIPPED:
        raise ValidationError(_("Only an order on its way can be confirmed as received."), code="not_shipped")
    for shipment in active_shipments(order).filter(delivered_at__isnull=True).order_by("pk"):
        shipment_mark_delivered(shipment=shipment, actor=buyer, by=Shipment.DeliveredBy.BUYER)
    return Order.objects.get(pk=order.pk)


BUYER_CANCELLABLE = (Status.PENDING_PAYMENT, Status.PAID)


def buyer_cancel_refusal(order: Order) -> str:
    """Why the buyer may not cancel the order themselves ("" when they may): only before any AWB.

    Shipping sits above orders: a door that knows of an AWB made for a parcel of a paid order must
    refuse too (``awb_exists``)."""
    if order.status not in BUYER_CANCELLABLE or not order.is_placed:
        return _("The shop has already prepared the parcel: the order can no longer be cancelled here. Ask for a return after delivery.")
    return ""


@transaction.atomic
def order_cancel_by_buyer(*, order: Order, buyer, reason: str = "", awb_exists: bool = False) -> Order:
    """The buyer cancels before any AWB: the pieces go back on sale and a payment is refunded at once."""
    order = _locked(order)
    if order.buyer_id != getattr(buyer, "pk", None):
        raise NotFound()
    refusal = buyer_cancel_refusal(order) or (
        _("The shop has already prepared the parcel: the order can no longer be cancelled here.") if awb_exists else ""
    )
    if refusal:
        raise ValidationError(refusal, code="invalid_transition")
    reason = (reason or "").strip() or _("Cancelled by the buyer.")
    return order_cancel(order=order, actor=buyer, reason=reason)


# --- Completion ------------------------------------------------------------------------------------------
def orders_due_completion(*, now: datetime) -> QuerySet[Order]:
    """Delivered orders whose every parcel's return window has closed, with no return still open."""
    window_open = Shipment.objects.filter(order=OuterRef("pk"), cancelled_at__isnull=True).filter(
        Q(return_window_ends__isnull=True) | Q(return_window_ends__gt=now)
    )
    open_return = ReturnRequest.objects.filter(order=OuterRef("pk"), status__in=ReturnRequest.OPEN)
    return (
        Order.objects.filter(status__in=(Status.DELIVERED, Status.RETURN_REQUESTED, Status.RETURNED))
        .filter(~Exists(window_open), ~Exists(open_return))
        .order_by("pk")
    )


@transaction.atomic
def order_complete(*, order: Order, now: datetime) -> bool:
    """Complete one order if it is still due (checked under its lock — a return asked a moment ago wins)."""
    order = _locked(order)
    if not orders_due_completion(now=now).filter(pk=order.pk).exists():
        return False
    order_transition(order=order, to_status=Status.COMPLETED, actor=None, message=_("The return window has closed."))
    notify_after_commit(order, "completed")
    return True


def orders_complete_due(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(order_complete(order=order, now=now) for order in list(orders_due_completion(now=now)))
