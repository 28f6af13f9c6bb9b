"""Returns: the buyer asks within ``return_days`` of delivery, the shop answers within
``return_answer_days`` (a refusal or no answer goes to the team), the parcel comes back, the shop
inspects it, the buyer is refunded (all or part, with or without shipping) and the piece may go back
on sale. Every step is an OrderEvent and a notification (``tasks.notify_return``).

The return parcel's AWB belongs to shipping (above orders): the door asks shipping for it once a
return is accepted and records it here with ``return_tracking_record``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.administration.selectors import platform_settings
from marketplace.common.errors import NotFound
from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.money import format_money, money
from marketplace.products.images import ALLOWED_FORMATS, encode, validate_image_upload
from marketplace.products.models import StoreProduct
from marketplace.vendors.access import vendor_scope

from .events import event_record
from .fulfilment import _refund_part
from .lifecycle import _locked, _move
from .models import TRANSITIONS, Order, OrderEvent, OrderItem, ReturnItem, ReturnPhoto, ReturnRequest, Shipment

Status = Order.Status
R = ReturnRequest.Status
MAX_PHOTOS = 6
# An order whose one parcel (or some pieces) came back may still see its other parcels returned.
RETURNABLE = (Status.DELIVERED, Status.RETURN_REQUESTED, Status.RETURNED)


def _event(rr: ReturnRequest, order: Order, message: str, *, actor, **data) -> None:
    event_record(order, OrderEvent.Type.RETURN, actor=actor, message=message, data={"return": rr.pk, "status": rr.status, **data})


def _tell(rr: ReturnRequest, event: str) -> None:
    enqueue_after_commit("marketplace.orders.tasks.notify_return", rr.pk, event)


def _move_if_allowed(order: Order, to_status: str, *, actor, message: str = "") -> None:
    if to_status in TRANSITIONS[order.status]:
        _move(order, to_status, actor=actor, message=message)


def _returned_quantities(shipment: Shipment) -> dict[int, int]:
    """How many of each piece are already in a return that was not refused."""
    rows = (
        ReturnItem.objects.filter(return_request__shipment=shipment)
        .exclude(return_request__status=R.REJECTED)
        .values("order_item_id")
        .annotate(n=Sum("quantity"))
    )
    return {row["order_item_id"]: row["n"] for row in rows}


def returnable_items(shipment: Shipment) -> list[tuple[OrderItem, int]]:
    taken = _returned_quantities(shipment)
    items = [(item, item.quantity - taken.get(item.pk, 0)) for item in shipment.items.order_by("pk")]
    return [(item, left) for item, left in items if left > 0]


def return_refusal(*, order: Order, shipment: Shipment, now: datetime | None = None) -> str:
    """Why the buyer cannot ask to return this parcel now ("" when they can)."""
    now = now or timezone.now()
    if shipment.cancelled_at is not None:
        return _("This parcel was cancelled and refunded.")
    if shipment.delivered_at is None or order.status not in RETURNABLE:
        if order.status == Status.COMPLETED:
            return _("This order is completed: its return window has closed.")
        return _("A return can be asked once the parcel is delivered.")
    if shipment.return_window_ends is None or now >= shipment.return_window_ends:
        return _("The return window closed on %(date)s.") % {
            "date": timezone.localtime(shipment.return_window_ends or now).strftime("%d.%m.%Y %H:%M")
        }
    if ReturnRequest.objects.filter(shipment=shipment, status__in=ReturnRequest.OPEN).exists():
        return _("A return of this parcel is already under way.")
    if not returnable_items(shipment):
        return _("Every piece of this parcel has already been returned.")
    return ""


@dataclass
class ReturnDetails:
    items: dict[int, int]  # order item id -> quantity
    reason: str
    details: str = ""
    photos: tuple = ()


@transaction.atomic
def return_request_create(*, order: Order, shipment_id: int, buyer, details: ReturnDetails, now: datetime | None = None) -> ReturnRequest:
    """The buyer asks to return pieces of one parcel (within the window; photos checked like a listing's)."""
    now = now or timezone.now()
    order = _locked(order)
    if order.buyer_id != getattr(buyer, "pk", None):
        raise NotFound()
    shipment = Shipment.objects.filter(order=order, pk=shipment_id).select_related("vendor").first()
    if shipment is None:
        raise NotFound()
    refusal = return_refusal(order=order, shipment=shipment, now=now)
    if refusal:
        raise ValidationError(refusal, code="return_not_allowed")
    errors: dict[str, str] = {}
    if details.reason not in ReturnRequest.Reason.values:
        errors["reason"] = _("Choose why you are returning it.")
    if details.reason == ReturnRequest.Reason.OTHER and not (details.details or "").strip():
        errors["details"] = _("Tell the shop what is wrong.")
    left = dict((item.pk, n) for item, n in returnable_items(shipment))
    chosen = {int(pk): int(n) for pk, n in details.items.items() if int(n) > 0}
    if not chosen:
        errors["items"] = _("Choose at least one piece to return.")
    elif any(pk not in left or n > left[pk] for pk, n in chosen.items()):
        errors["items"] = _("Choose only pieces of this parcel, at most as many as you received.")
    if len(details.photos) > MAX_PHOTOS:
        errors["photos"] = _("At most %(n)s photos.") % {"n": MAX_PHOTOS}
    if errors:
        raise ValidationError(errors, code="invalid_return")
    cleaned = []
    for upload in details.photos:
        try:
            cleaned.append(validate_image_upload(upload))
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages}, code="invalid_return") from exc
    answer_by = now + timedelta(days=platform_settings().return_answer_days)
    rr = ReturnRequest.objects.create(
        order=order, shipment=shipment, reason=details.reason, details=(details.details or "").strip()[:2000], answer_by=answer_by,
    )
    ReturnItem.objects.bulk_create([ReturnItem(return_request=rr, order_item_id=pk, quantity=n) for pk, n in sorted(chosen.items())])
    for index, image in enumerate(cleaned):
        photo = ReturnPhoto(return_request=rr)
        photo.image.save(f"{index + 1}.{ALLOWED_FORMATS[image.format]}", ContentFile(encode(image, image.format)), save=False)
        photo.save()
    _move_if_allowed(order, Status.RETURN_REQUESTED, actor=buyer)
    _event(rr, order, _("Return asked for: %(reason)s.") % {"reason": rr.get_reason_display()}, actor=buyer)
    _tell(rr, "requested")
    return rr


def _locked_return(rr: ReturnRequest) -> tuple[ReturnRequest, Order]:
    order = _locked(rr.order)
    return ReturnRequest.objects.select_for_update().select_related("shipment__vendor").get(pk=rr.pk), order


def _refuse_step(rr: ReturnRequest) -> ValidationError:
    return ValidationError(
        _("This return is %(status)s: that step is not possible now.") % {"status": rr.get_status_display().lower()},
        code="invalid_return_step",
    )


@transaction.atomic
def return_answer(*, return_request: ReturnRequest, actor, accept: bool, reason: str = "", now: datetime | None = None) -> ReturnRequest:
    """The shop accepts, or refuses with a reason (the team then decides)."""
    now = now or timezone.now()
    rr, order = _locked_return(return_request)
    if rr.status != R.REQUESTED:
        raise _refuse_step(rr)
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why you refuse the return.")}, code="reason_required")
    rr.answered_at = now
    if accept:
        rr.status = R.ACCEPTED
        message = _("The shop accepted the return.")
    else:
        rr.status, rr.refusal_reason = R.ESCALATED, reason[:500]
        rr.escalated_at, rr.escalation = now, ReturnRequest.Escalation.REFUSED
        message = _("The shop refused the return (%(reason)s); the SNOBISTIC team decides.") % {"reason": rr.refusal_reason}
    rr.save()
    _event(rr, order, message, actor=actor)
    _tell(rr, "accepted" if accept else "escalated")
    return rr


@transaction.atomic
def return_escalate_unanswered(*, return_request: ReturnRequest, now: datetime) -> bool:
    rr, order = _locked_return(return_request)
    if rr.status != R.REQUESTED or rr.answer_by is None or rr.answer_by > now:
        return False
    rr.status, rr.escalated_at, rr.escalation = R.ESCALATED, now, ReturnRequest.Escalation.NO_ANSWER
    rr.save(update_fields=["status", "escalated_at", "escalation", "updated_at"])
    _event(rr, order, _("The shop did not answer in time; the SNOBISTIC team decides."), actor=None)
    _tell(rr, "escalated")
    return True


def returns_escalate_unanswered(*, now: datetime | None = None) -> int:
    """Job: requests the shop left unanswered past ``answer_by`` go to the team."""
    now = now or timezone.now()
    due = ReturnRequest.objects.filter(status=R.REQUESTED, answer_by__lte=now).order_by("pk")
    return sum(return_escalate_unanswered(return_request=rr, now=now) for rr in list(due))


@transaction.atomic
def return_decide(*, return_request: ReturnRequest, actor, accept: bool, note: str = "", now: datetime | None = None) -> ReturnRequest:
    """The team's decision, final (on an escalated request, or any request still waiting for the shop)."""
    now = now or timezone.now()
    rr, order = _locked_return(return_request)
    if rr.status not in (R.REQUESTED, R.ESCALATED):
        raise _refuse_step(rr)
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": _("Say why the return is refused.")}, code="reason_required")
    rr.decided_at, rr.decided_by, rr.decision_note = now, actor, note[:500]
    if accept:
        rr.status = R.ACCEPTED
        message = _("The SNOBISTIC team accepted the return.")
    else:
        rr.status, rr.closed_at = R.REJECTED, now
        message = _("The SNOBISTIC team refused the return: %(note)s") % {"note": rr.decision_note}
    rr.save()
    _event(rr, order, message, actor=actor)
    _tell(rr, "accepted" if accept else "rejected")
    return rr


@transaction.atomic
def return_tracking_record(*, return_request: ReturnRequest, actor, tracking: str, courier: str = "") -> ReturnRequest:
    """The return parcel's AWB (from shipping's return AWB, or typed by the shop or the team)."""
    rr, order = _locked_return(return_request)
    tracking = (tracking or "").strip()
    if rr.status != R.ACCEPTED:
        raise _refuse_step(rr)
    if not tracking:
        raise ValidationError({"tracking": _("Give the return parcel's AWB number.")}, code="tracking_required")
    rr.return_tracking, rr.return_courier = tracking[:60], (courier or "").strip()[:40]
    rr.save(update_fields=["return_tracking", "return_courier", "updated_at"])
    _event(rr, order, _("Return AWB: %(awb)s.") % {"awb": rr.return_tracking}, actor=actor, tracking=rr.return_tracking)
    _tell(rr, "tracking")
    return rr


@transaction.atomic
def return_receive(*, return_request: ReturnRequest, actor, inspection: str, now: datetime | None = None) -> ReturnRequest:
    """The shop received the parcel back and says what it found."""
    now = now or timezone.now()
    rr, order = _locked_return(return_request)
    if rr.status != R.ACCEPTED:
        raise _refuse_step(rr)
    inspection = (inspection or "").strip()
    if not inspection:
        raise ValidationError({"inspection": _("Say in what state the piece came back.")}, code="inspection_required")
    rr.status, rr.received_at, rr.inspection_note = R.RECEIVED, now, inspection[:1000]
    rr.save(update_fields=["status", "received_at", "inspection_note", "updated_at"])
    _move_if_allowed(order, Status.RETURNED, actor=actor)
    _event(rr, order, _("Returned parcel received: %(note)s") % {"note": rr.inspection_note}, actor=actor)
    _tell(rr, "received")
    return rr


def return_items_value(rr: ReturnRequest) -> Decimal:
    return sum((ri.order_item.unit_price * ri.quantity for ri in rr.items.select_related("order_item")), Decimal("0.00"))


def return_refund_max(rr: ReturnRequest, *, include_shipping: bool) -> Decimal:
    return return_items_value(rr) + (rr.shipment.shipping_price if include_shipping else Decimal("0.00"))


def order_given_back(order: Order) -> bool:
    """Whether the returns refunded everything the buyer paid for the parcels not cancelled.

    Only then does the order become *refunded* (its money all reversed). Otherwise — another shop's
    parcel kept, some pieces kept, a refund lowered after inspection or without the shipping — what
    is left stays sold: the order completes when its return windows close, and each shop's remaining
    share is released then (the returned part was reversed by the refund's own event).
    """
    refunded = ReturnRequest.objects.filter(order=order, status=R.REFUNDED).aggregate(total=Sum("refund_amount"))["total"]
    owed = sum((s.total for s in order.shipments.filter(cancelled_at__isnull=True)), Decimal("0.00"))
    return money(refunded or 0) >= owed


@transaction.atomic
def return_refund(
    *, return_request: ReturnRequest, actor, amount: Decimal | None = None, include_shipping: bool = False, restock: bool = False,
    now: datetime | None = None,
) -> ReturnRequest:
    """Refund the buyer (the returned pieces' value by default, plus shipping if chosen, or less after
    inspection) through the provider that took the money; optionally put the pieces back on sale."""
    now = now or timezone.now()
    rr, order = _locked_return(return_request)
    if rr.status != R.RECEIVED:
        raise _refuse_step(rr)
    ceiling = return_refund_max(rr, include_shipping=include_shipping)
    amount = ceiling if amount is None else money(amount)
    if amount <= 0 or amount > ceiling:
        raise ValidationError(
            {"amount": _("Refund more than 0 and at most %(max)s.") % {"max": format_money(ceiling)}}, code="refund_out_of_range"
        )
    _refund_part(order, amount, actor=actor, data={"return": rr.pk})
    if restock:
        for ri in rr.items.select_related("order_item").order_by("order_item__product_id"):
            StoreProduct.objects.filter(pk=ri.order_item.product_id).update(stock=F("stock") + ri.quantity)
    rr.status, rr.refunded_at, rr.closed_at = R.REFUNDED, now, now
    rr.refund_amount, rr.refund_shipping, rr.restocked = amount, include_shipping, restock
    rr.save()
    if not ReturnRequest.objects.filter(order=order, status__in=ReturnRequest.OPEN).exists() and order_given_back(order):
        _move_if_allowed(order, Status.REFUNDED, actor=actor)
    _event(rr, order, _("Return refunded: %(amount)s.") % {"amount": format_money(amount)}, actor=actor, amount=str(amount))
    _tell(rr, "refunded")
    return rr


# --- Reads --------------------------------------------------------------------------------------------
def returns_for_staff() -> QuerySet[ReturnRequest]:
    return ReturnRequest.objects.select_related("order", "order__buyer", "shipment__vendor")


def return_for_buyer(*, user, pk) -> ReturnRequest:
    try:
        return ReturnRequest.objects.select_related("order", "shipment__vendor").get(order__buyer=user, pk=pk)
    except (ReturnRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def returns_for_vendor(*, user) -> QuerySet[ReturnRequest]:
    """Return requests of the vendor's own shipments (through vendor_scope)."""
    return vendor_scope(
        ReturnRequest.objects.select_related("order", "shipment__vendor").prefetch_related("items__order_item", "photos"),
        user=user, lookup="shipment__vendor",
    )
