"""Shipping's writes: AWBs (generate, retry, cancel), parcel photos, hand-over, tracking, courier webhooks.

Lock order, everywhere: the order row before any consignment row. A service that calls a courier
holds only the consignment's lock (so the same AWB is never asked for twice) and moves the order
afterwards, in a transaction of its own (``order_advance``).
"""

import hashlib
import hmac
import io
import json
import logging
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_q.models import Schedule
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.money import money
from marketplace.notifications.services import notification_once_claim, notify
from marketplace.orders.deadlines import active_shipments, shipment_stamp_handed_over
from marketplace.orders.events import event_record
from marketplace.orders.lifecycle import order_transition, shipment_mark_shipped
from marketplace.orders.models import DeliveryMethod, Order, OrderEvent, PaymentMethod, Shipment
from marketplace.products.images import ALLOWED_FORMATS, encode, validate_image_upload

from .couriers import (
    REGISTRY,
    Address,
    AwbRequest,
    CourierError,
    CourierRefused,
    CourierUnavailable,
    Parcel,
    Service,
    TrackingStatus,
    courier_enabled,
    courier_for,
    default_courier,
)
from .couriers import TrackingEvent as CourierEvent
from .models import Consignment, CourierWebhookEvent, ParcelPhoto, TrackingEvent

log = logging.getLogger(__name__)

C = Consignment.Status
S = Order.Status
SERVICE_FOR_DELIVERY = {
    DeliveryMethod.COURIER: Service.ADDRESS, DeliveryMethod.LOCKER: Service.LOCKER, DeliveryMethod.PICKUP: Service.PICKUP,
}
SIZE_DIMENSIONS = {"S": (30, 20, 10), "M": (40, 30, 20), "L": (60, 40, 30)}  # cm, easybox-sized boxes
MAX_WEIGHT_KG = Decimal("31.5")
MAX_PHOTOS = 10
# How far along a parcel is: tracking never moves it back.
RANK = {
    C.AWB_GENERATED: 0, C.HANDED_OVER: 1, C.IN_TRANSIT: 2, C.OUT_FOR_DELIVERY: 3, C.DELIVERED: 4, C.RETURNED: 5,
    C.CANCELLED: 5,
}
STATUS_FOR_TRACKING = {
    TrackingStatus.PICKED_UP: C.HANDED_OVER, TrackingStatus.IN_TRANSIT: C.IN_TRANSIT,
    TrackingStatus.OUT_FOR_DELIVERY: C.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED: C.DELIVERED,
    TrackingStatus.RETURNED: C.RETURNED, TrackingStatus.CANCELLED: C.CANCELLED,
}


def _field_error(field: str, message, code: str) -> ValidationError:
    """A refusal about one field that keeps its code (a dict ValidationError drops the outer code)."""
    return ValidationError({field: ValidationError(message, code=code)})


# --- Building the courier's request ------------------------------------------------------------
def _vendor_address(shipment: Shipment) -> Address:
    vendor = shipment.vendor
    parts = [p.strip() for p in (vendor.registered_address or "").split(",") if p.strip()]
    city = parts[-1] if len(parts) > 1 else ""
    street = ", ".join(parts[:-1]) if len(parts) > 1 else (vendor.registered_address or "")
    user = vendor.user
    return Address(
        name=vendor.shop_name, phone=getattr(user, "phone", "") or "", street=street, city=city, county=city,
        email=user.email or "", contact=vendor.legal_name if vendor.legal_name != vendor.shop_name else "",
    )


def _buyer_address(order: Order) -> Address:
    return Address(
        name=order.shipping_name, phone=order.shipping_phone, street=order.shipping_address, city=order.shipping_city,
        county=order.shipping_county, postal_code=order.shipping_postal_code, email=order.email,
    )


def cod_amount(shipment: Shipment) -> Decimal:
    """Cash the courier collects: the shop's pieces and its shipping, for a cash-on-delivery order."""
    if shipment.order.payment_method != PaymentMethod.COD:
        return Decimal("0.00")
    return money(shipment.items_total + shipment.shipping_price)


def awb_request_for(consignment: Consignment) -> AwbRequest:
    shipment = consignment.shipment
    order = shipment.order
    length, width, height = SIZE_DIMENSIONS[consignment.size]
    vendor, buyer = _vendor_address(shipment), _buyer_address(order)
    is_return = consignment.direction == Consignment.Direction.RETURN
    return AwbRequest(
        reference=f"{order.number}-{shipment.pk}" + ("-R" if is_return else ""),
        sender=buyer if is_return else vendor, recipient=vendor if is_return else buyer,
        parcel=Parcel(weight_kg=consignment.weight_kg, length_cm=length, width_cm=width, height_cm=height),
        service=consignment.service, locker_id=consignment.locker_id, cod_amount=consignment.cod_amount,
        declared_value=money(shipment.items_total), contents=", ".join(i.title for i in shipment.items.all())[:200],
        is_return=is_return,
    )


# --- Generating an AWB -------------------------------------------------------------------------
def awb_refusal(shipment: Shipment) -> ValidationError | None:
    """Why no AWB may be made for ``shipment`` now, or None: the order must be paid (or a confirmed
    cash-on-delivery order) and placed with a delivery method."""
    order = shipment.order
    if shipment.cancelled_at is not None:
        return ValidationError(_("This shipment was cancelled."), code="awb_not_allowed")
    confirmed_cod = order.status == S.PENDING_PAYMENT and order.payment_method == PaymentMethod.COD and order.confirmed_at
    if not order.is_placed or not shipment.delivery_method or not (order.status in (S.PAID, S.AWB_GENERATED) or confirmed_cod):
        return ValidationError(_("An AWB can be generated only for a paid or confirmed order that has not left yet."), code="awb_not_allowed")
    return None


def _parse_weight(weight) -> Decimal:
    try:
        value = money(Decimal(str(weight).replace(",", ".")))
    except (InvalidOperation, ValueError, TypeError):
        value = Decimal("0")
    if not (Decimal("0") < value <= MAX_WEIGHT_KG):
        raise _field_error("weight", _("Give the parcel's weight in kg, more than 0 and at most %(max)s.") % {"max": MAX_WEIGHT_KG}, "invalid_weight")
    return value


def _courier_choice(code: str | None, service: str | None, *, shipment: Shipment):
    code = code or default_courier().code
    if not courier_enabled(code):
        raise _field_error("courier", _("This courier is not switched on."), "courier_not_enabled")
    courier = courier_for(code)
    service = service or SERVICE_FOR_DELIVERY.get(shipment.delivery_method, Service.ADDRESS)
    if service not in courier.services:
        raise _field_error("service", _("%(courier)s does not offer this service.") % {"courier": courier.label}, "service_not_offered")
    return courier, service


@transaction.atomic
def awb_generate(*, shipment: Shipment, actor, courier: str | None = None, service: str | None = None,
                 size: str = "M", weight=Decimal("1.00")) -> Consignment:
    """Ask the courier for the shipment's AWB (in a job); the parcel's one live consignment is returned.

    Idempotent per shipment: pressed twice, or by two people at once, it answers with the consignment
    already asked for (the shipment row is locked while it decides; the database holds one live
    outbound consignment per shipment). A refused request may be made again with other details.
    """
    shipment = Shipment.objects.select_for_update(of=("self",)).select_related("order", "vendor__user").get(pk=shipment.pk)
    live = Consignment.objects.filter(shipment=shipment, direction=Consignment.Direction.OUTBOUND).exclude(status=C.CANCELLED).first()
    if live is not None and live.status != C.AWB_FAILED:
        return live
    refusal = awb_refusal(shipment)
    if refusal is not None:
        raise refusal
    courier_obj, service = _courier_choice(courier, service, shipment=shipment)
    if size not in Consignment.Size.values:
        raise _field_error("size", _("Choose the parcel's size."), "invalid_size")
    locker_id = shipment.locker_id if service == Service.LOCKER else ""
    if service == Service.LOCKER and not locker_id:
        raise _field_error("service", _("The buyer chose no locker: send it to the address."), "locker_required")
    try:  # the locker's name for the label and the pages (a courier that cannot list them now: none)
        locker = next((x for x in courier_obj.lockers() if x.id == locker_id), None) if locker_id else None
    except CourierError:
        locker = None
    values = {
        "courier": courier_obj.code, "service": service, "locker_id": locker_id, "locker_name": locker.name if locker else "",
        "size": size, "weight_kg": _parse_weight(weight), "cod_amount": cod_amount(shipment), "status": C.AWB_REQUESTED,
        "last_error": "", "attempts": 0, "next_retry_at": None, "created_by": actor if getattr(actor, "pk", None) else None,
    }
    if live is None:
        live = Consignment.objects.create(shipment=shipment, direction=Consignment.Direction.OUTBOUND, **values)
    else:
        for name, value in values.items():
            setattr(live, name, value)
        live.save()
    enqueue_after_commit("marketplace.shipping.tasks.awb_request_task", live.pk)
    return live


@transaction.atomic
def return_awb_generate(*, shipment: Shipment, actor, courier: str | None = None, service: str = Service.LOCKER,
                        size: str = "M", weight=Decimal("1.00")) -> Consignment:
    """The return parcel's AWB, from the buyer back to the shop (called once a return is accepted).

    By default the buyer drops it at any locker of the courier. Idempotent like ``awb_generate``.
    """
    shipment = Shipment.objects.select_for_update(of=("self",)).select_related("order", "vendor__user").get(pk=shipment.pk)
    live = Consignment.objects.filter(shipment=shipment, direction=Consignment.Direction.RETURN).exclude(status=C.CANCELLED).first()
    if live is not None and live.status != C.AWB_FAILED:
        return live
    if shipment.order.status not in (S.DELIVERED, S.RETURN_REQUESTED, S.RETURNED):
        raise ValidationError(_("A return AWB is made only for a delivered order with a return under way."), code="return_not_allowed")
    courier_obj, service = _courier_choice(courier, service if service else None, shipment=shipment)
    values = {
        "courier": courier_obj.code, "service": service, "locker_id": "", "locker_name": "", "size": size,
        "weight_kg": _parse_weight(weight), "cod_amount": Decimal("0.00"), "status": C.AWB_REQUESTED, "last_error": "",
        "attempts": 0, "next_retry_at": None, "created_by": actor if getattr(actor, "pk", None) else None,
    }
    if live is None:
        live = Consignment.objects.create(shipment=shipment, direction=Consignment.Direction.RETURN, **values)
    else:
        for name, value in values.items():
            setattr(live, name, value)
        live.save()
    enqueue_after_commit("marketplace.shipping.tasks.awb_request_task", live.pk)
    return live


AWB_REFUSED_NOTICE = "marketplace.shipping.notices.awb_refused_notify_task"


def retry_delay(attempt: int, retry_after: float | None = None) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base… (capped at an hour), never sooner than the courier asked."""
    seconds = min(settings.SHIPPING_AWB_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0), 3600)
    return timedelta(seconds=max(seconds, retry_after or 0))


def _schedule_retry(consignment: Consignment) -> None:
    run_at = consignment.next_retry_at
    pk = consignment.pk

    def create() -> None:
        Schedule.objects.create(
            name=f"shipping.awb_retry.{pk}.{uuid.uuid4().hex[:8]}", func="marketplace.shipping.tasks.awb_request_task",
            args=str(pk), schedule_type=Schedule.ONCE, next_run=run_at, repeats=1,
        )

    transaction.on_commit(create)


def consignment_awb_request(*, consignment_id: int, now: datetime | None = None) -> Consignment | None:
    """The job's work: ask the courier for the AWB once (the consignment row stays locked during the
    call, so a second worker waits and then finds it done), store number and label, move the order."""
    now = now or timezone.now()
    with transaction.atomic():
        consignment = (
            Consignment.objects.select_for_update(of=("self",)).select_related("shipment__order", "shipment__vendor__user")
            .filter(pk=consignment_id).first()
        )
        if consignment is None or consignment.status not in (C.AWB_REQUESTED, C.PENDING_AWB):
            return consignment
        if consignment.status == C.PENDING_AWB and consignment.next_retry_at and consignment.next_retry_at > now:
            return consignment  # a sweep came early; the scheduled retry will run
        order = consignment.shipment.order
        if consignment.direction == Consignment.Direction.OUTBOUND and order.status == S.CANCELLED:
            consignment.status, consignment.last_error = C.CANCELLED, _("The order was cancelled.")
            consignment.save(update_fields=["status", "last_error", "updated_at"])
            return consignment
        courier = courier_for(consignment.courier)
        consignment.attempts += 1
        try:
            result = courier.create_awb(awb_request_for(consignment))
        except CourierUnavailable as exc:
            consignment.last_error = str(exc)[:500]
            if consignment.attempts >= settings.SHIPPING_AWB_MAX_ATTEMPTS:
                consignment.status, consignment.next_retry_at = C.AWB_FAILED, None
                consignment.last_error = (_("The courier did not answer after %(n)s attempts: %(error)s") % {"n": consignment.attempts, "error": exc})[:500]
                enqueue_after_commit(AWB_REFUSED_NOTICE, consignment.pk)
            else:
                consignment.status = C.PENDING_AWB
                consignment.next_retry_at = now + retry_delay(consignment.attempts, exc.retry_after)
                _schedule_retry(consignment)
            consignment.save(update_fields=["status", "last_error", "attempts", "next_retry_at", "updated_at"])
            return consignment
        except CourierRefused as exc:
            consignment.status, consignment.last_error, consignment.next_retry_at = C.AWB_FAILED, str(exc)[:500], None
            consignment.save(update_fields=["status", "last_error", "attempts", "next_retry_at", "updated_at"])
            enqueue_after_commit(AWB_REFUSED_NOTICE, consignment.pk)  # the shop hears why (notices.py)
            return consignment
        label = result.label_pdf
        if label is None:
            try:
                label = courier.label_pdf(result.awb_number)
            except CourierError as exc:  # the AWB exists: keep it, fetch the label when it is downloaded
                log.warning("label of %s not fetched: %s", result.awb_number, exc)
        consignment.awb_number = result.awb_number
        if label:
            consignment.label.save(f"{result.awb_number}.pdf", ContentFile(label), save=False)
        consignment.status, consignment.awb_generated_at = C.AWB_GENERATED, now
        consignment.last_error, consignment.next_retry_at = "", None
        consignment.save()
        TrackingEvent.objects.get_or_create(
            consignment=consignment, at=now, status=TrackingStatus.CREATED, defaults={"description": _("AWB generated")}
        )
    with transaction.atomic():
        event_record(
            order, OrderEvent.Type.NOTE, actor=consignment.created_by,
            message=_("AWB %(awb)s (%(courier)s) for %(shop)s") % {"awb": consignment.awb_number, "courier": courier.label, "shop": consignment.shipment.vendor.shop_name},
            data={"awb": consignment.awb_number, "courier": consignment.courier, "shipment": consignment.shipment_id, "direction": consignment.direction},
        )
        if consignment.direction == Consignment.Direction.OUTBOUND:
            order_advance(order=order, actor=consignment.created_by)
            enqueue_after_commit("marketplace.shipping.tasks.awb_generated_notify_task", consignment.pk)
    return consignment


def awb_retry_due(*, now: datetime | None = None) -> int:
    """Requests waiting for a retry whose time has come (a safety net under the scheduled retries)."""
    now = now or timezone.now()
    ids = list(Consignment.objects.filter(status=C.PENDING_AWB, next_retry_at__lte=now).values_list("pk", flat=True))
    for pk in ids:
        consignment_awb_request(consignment_id=pk, now=now)
    return len(ids)


@transaction.atomic
def order_advance(*, order: Order, actor) -> Order:
    """Move the order as far as all its parcels have gone: every shipment with an AWB → AWB generated;
    all handed over → shipped; all delivered → delivered (cash on delivery recorded by the lifecycle)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    shipment_ids = list(active_shipments(order).values_list("pk", flat=True))
    live = {
        c.shipment_id: c for c in Consignment.objects.filter(
            shipment__order=order, direction=Consignment.Direction.OUTBOUND
        ).exclude(status=C.CANCELLED)
    }
    parcels = [live.get(pk) for pk in shipment_ids]
    if not parcels or any(c is None for c in parcels):
        return order

    def all_at(statuses) -> bool:
        return all(c.status in statuses for c in parcels)

    if order.status in (S.PAID, S.PENDING_PAYMENT) and all_at(Consignment.HAS_AWB):
        order = order_transition(order=order, to_status=S.AWB_GENERATED, actor=actor)
    if order.status == S.AWB_GENERATED and all_at(Consignment.HANDED):
        order = order_transition(order=order, to_status=S.SHIPPED, actor=actor)
    if order.status == S.SHIPPED and all_at((C.DELIVERED,)):
        order = order_transition(order=order, to_status=S.DELIVERED, actor=actor)
    return order


def live_consignment(shipment: Shipment, direction: str = Consignment.Direction.OUTBOUND) -> Consignment | None:
    return Consignment.objects.filter(shipment=shipment, direction=direction).exclude(status=C.CANCELLED).first()


@transaction.atomic
def awb_cancel(*, consignment: Consignment, actor, reason: str = "") -> Consignment:
    """Cancel an AWB the courier has not picked up yet (at the courier too); a new one may then be made."""
    consignment = Consignment.objects.select_for_update().select_related("shipment__order").get(pk=consignment.pk)
    if consignment.status == C.CANCELLED:
        return consignment
    if consignment.status in Consignment.HANDED:
        raise ValidationError(_("The courier already has this parcel: its AWB can no longer be cancelled."), code="awb_handed_over")
    if consignment.awb_number:
        try:
            courier_for(consignment.courier).cancel_awb(consignment.awb_number)
        except CourierError as exc:
            raise ValidationError(_("The courier did not cancel the AWB: %(error)s") % {"error": exc}, code="courier_error") from exc
    consignment.status, consignment.next_retry_at = C.CANCELLED, None
    consignment.last_error = (reason or "")[:500]
    consignment.save(update_fields=["status", "next_retry_at", "last_error", "updated_at"])
    if consignment.awb_number:
        event_record(
            consignment.shipment.order, OrderEvent.Type.NOTE, actor=actor,
            message=_("AWB %(awb)s cancelled.") % {"awb": consignment.awb_number},
            data={"awb": consignment.awb_number, "courier": consignment.courier, "shipment": consignment.shipment_id},
        )
    return consignment


# --- Labels ------------------------------------------------------------------------------------
def consignment_label(*, consignment: Consignment) -> bytes:
    """The label PDF: stored with the AWB, or fetched from the courier now (and kept)."""
    if consignment.label:
        with consignment.label.open("rb") as handle:
            return handle.read()
    pdf = courier_for(consignment.courier).label_pdf(consignment.awb_number)
    consignment.label.save(f"{consignment.awb_number}.pdf", ContentFile(pdf), save=False)
    Consignment.objects.filter(pk=consignment.pk).update(label=consignment.label.name, updated_at=timezone.now())
    return pdf


def labels_combined(*, consignments) -> tuple[bytes, list[Consignment]]:
    """One PDF of the labels of ``consignments`` in order, and the consignments whose label could not be had."""
    writer = PdfWriter()
    missing = []
    for consignment in consignments:
        try:
            writer.append(PdfReader(io.BytesIO(consignment_label(consignment=consignment))))
        except (CourierError, PdfReadError, OSError) as exc:
            log.warning("label of %s not printed: %s", consignment.awb_number, exc)
            missing.append(consignment)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), missing


# --- Photos and hand-over ----------------------------------------------------------------------
@transaction.atomic
def parcel_photos_upload(*, consignment: Consignment, actor, uploads, kind: str = ParcelPhoto.Kind.PARCEL) -> list[ParcelPhoto]:
    """Photos of the packed parcel and its label, checked like listing photos (type, size, pixels) and
    stored without metadata."""
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    uploads = [u for u in uploads if u]
    if not uploads:
        raise _field_error("photos", _("Choose at least one photo."), "photos_required")
    if kind not in ParcelPhoto.Kind.values:
        raise _field_error("kind", _("Choose what the photo shows."), "invalid")
    if consignment.photos.count() + len(uploads) > MAX_PHOTOS:
        raise _field_error("photos", _("At most %(n)s photos per parcel.") % {"n": MAX_PHOTOS}, "too_many_photos")
    photos = []
    for upload in uploads:
        try:
            clean = validate_image_upload(upload)
        except ValidationError as exc:
            raise _field_error("photos", exc.messages[0], exc.code or "invalid") from exc
        photo = ParcelPhoto(consignment=consignment, kind=kind, uploaded_by=actor if getattr(actor, "pk", None) else None)
        photo.image.save(f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[clean.format]}", ContentFile(encode(clean, clean.format)), save=False)
        photo.save()
        photos.append(photo)
    return photos


@transaction.atomic
def shipment_confirm_handover(*, shipment: Shipment, actor, now: datetime | None = None) -> Consignment:
    """The parcel is with the courier: its consignment is handed over and, when every parcel of the
    order is, the order becomes shipped (a one-shop order through the vendor's ``shipment_mark_shipped``)."""
    now = now or timezone.now()
    order = Order.objects.select_for_update().get(pk=shipment.order_id)
    consignment = (
        Consignment.objects.select_for_update().filter(shipment_id=shipment.pk, direction=Consignment.Direction.OUTBOUND)
        .exclude(status=C.CANCELLED).first()
    )
    if consignment is not None and consignment.status in Consignment.HANDED:
        return consignment
    if consignment is None or consignment.status != C.AWB_GENERATED:
        raise ValidationError(_("Generate the AWB before handing the parcel to the courier."), code="awb_missing")
    consignment.status, consignment.handed_over_at = C.HANDED_OVER, now
    consignment.save(update_fields=["status", "handed_over_at", "updated_at"])
    TrackingEvent.objects.get_or_create(
        consignment=consignment, at=now, status=TrackingStatus.PICKED_UP, defaults={"description": _("Handed to the courier")}
    )
    shipment_stamp_handed_over(shipment, now=now)  # its shipping deadline no longer applies
    if order.status == S.AWB_GENERATED and not active_shipments(order).exclude(pk=shipment.pk).exists():
        shipment_mark_shipped(shipment=shipment, actor=actor)
    else:
        order_advance(order=order, actor=actor)
    return consignment


# --- Tracking ----------------------------------------------------------------------------------
def _apply_events(consignment: Consignment, events: list[CourierEvent], now: datetime) -> int:
    """Keep new events (an event already kept is skipped) and move the consignment forward. Lock held."""
    rows = [
        TrackingEvent(
            consignment=consignment, at=e.at, status=e.status, description=(e.description or "")[:255],
            location=(e.location or "")[:120], courier_code=(e.courier_code or "")[:40],
        )
        for e in events if e.status in TrackingStatus.ALL
    ]
    before = consignment.events.count()
    TrackingEvent.objects.bulk_create(rows, ignore_conflicts=True)
    added = consignment.events.count() - before
    latest = consignment.events.exclude(status__in=[TrackingStatus.CREATED, TrackingStatus.FAILED_DELIVERY]).order_by("-at", "-pk").first()
    fields = ["tracking_synced_at", "updated_at"]
    consignment.tracking_synced_at = now
    if latest is not None:
        consignment.tracking_status = latest.status
        fields.append("tracking_status")
        target = STATUS_FOR_TRACKING.get(latest.status)
        if target and RANK.get(target, -1) > RANK.get(consignment.status, -1):
            consignment.status = target
            fields.append("status")
            if target in Consignment.HANDED and consignment.handed_over_at is None:
                consignment.handed_over_at = latest.at
                fields.append("handed_over_at")
            if target == C.DELIVERED:
                consignment.delivered_at = latest.at
                fields.append("delivered_at")
            if target == C.OUT_FOR_DELIVERY and consignment.direction == Consignment.Direction.OUTBOUND:
                enqueue_after_commit("marketplace.shipping.tasks.out_for_delivery_notify_task", consignment.pk)
    consignment.save(update_fields=fields)
    return added


def out_for_delivery_notify(*, consignment_id: int) -> bool:
    """Tell the buyer the courier brings the parcel today (inbox, push, SMS to a confirmed number)."""
    consignment = Consignment.objects.select_related("shipment__order__buyer").filter(pk=consignment_id).first()
    if consignment is None or consignment.status != C.OUT_FOR_DELIVERY:
        return False
    order = consignment.shipment.order
    tracking = courier_for(consignment.courier).tracking_url(consignment.awb_number or "")
    notify(
        order.buyer, "out_for_delivery", {"awb": consignment.awb_number, "tracking_url": tracking, "order": order},
        url=reverse("order_detail", args=[order.pk]),
    )
    return True


def awb_generated_notify(*, consignment_id: int) -> bool:
    """Tell the buyer a shop's parcel has its AWB, with the courier's tracking link (once per parcel)."""
    consignment = (
        Consignment.objects.select_related("shipment__order__buyer__profile", "shipment__vendor")
        .filter(pk=consignment_id, direction=Consignment.Direction.OUTBOUND).exclude(awb_number="").first()
    )
    order = consignment.shipment.order if consignment is not None else None
    if order is None or order.buyer is None or consignment.status == C.CANCELLED:
        return False
    if not notification_once_claim(user=order.buyer, key=f"awb_generated:{consignment.pk}"):
        return False
    courier = courier_for(consignment.courier)
    context = {
        "order": order, "awb": consignment.awb_number, "courier": courier.label,
        "shop": consignment.shipment.vendor.shop_name, "tracking_url": courier.tracking_url(consignment.awb_number),
    }
    notify(order.buyer, "awb_generated", context, url=reverse("order_detail", args=[order.pk]), email=order.email)
    return True


def consignment_tracking_sync(*, consignment: Consignment, now: datetime | None = None) -> int:
    """Read the courier's tracking (outside any lock), keep what is new, move the order. New events count."""
    now = now or timezone.now()
    events = courier_for(consignment.courier).tracking(consignment.awb_number)
    with transaction.atomic():
        consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
        if consignment.status not in Consignment.TRACKED:
            return 0
        added = _apply_events(consignment, events, now)
    if consignment.direction == Consignment.Direction.OUTBOUND:
        order_advance(order=consignment.shipment.order, actor=None)
    return added


FEED_MAX_GAP = timedelta(hours=24)  # a feed not read for longer: every parcel is asked again, one by one
FEED_OVERLAP = timedelta(minutes=10)  # read again: a change the courier lists a little late is not missed


def _feed_key(code: str) -> str:
    return f"shipping:status_feed:{code}"


def status_feed_sync(*, courier, now: datetime) -> int | None:
    """Read a courier's feed of status changes since the last run and apply them; new events count.

    None when the feed cannot stand in for asking each parcel: never read yet (or not for a day), or
    the courier failed — the caller then asks parcel by parcel, and starts the feed from now when that
    went through. Parcels with no change in the window are stamped read.
    """
    since = cache.get(_feed_key(courier.code))
    if since is None or now - since > FEED_MAX_GAP:
        return None
    try:
        changes = courier.status_changes(since - FEED_OVERLAP, now)
    except CourierError as exc:
        log.warning("status feed of %s: %s", courier.code, exc)
        return None
    by_awb: dict[str, list[CourierEvent]] = defaultdict(list)
    for awb, event in changes:
        by_awb[awb].append(event)
    added = 0
    tracked = Consignment.objects.filter(courier=courier.code, status__in=Consignment.TRACKED, awb_number__isnull=False)
    for consignment in tracked.filter(awb_number__in=list(by_awb)).order_by("pk"):
        with transaction.atomic():
            locked = Consignment.objects.select_for_update().get(pk=consignment.pk)
            if locked.status not in Consignment.TRACKED:
                continue
            added += _apply_events(locked, by_awb[consignment.awb_number], now)
        if locked.direction == Consignment.Direction.OUTBOUND:
            order_advance(order=consignment.shipment.order, actor=None)
    tracked.update(tracking_synced_at=now)
    cache.set(_feed_key(courier.code), now, timeout=None)
    return added


def tracking_sync(*, now: datetime | None = None) -> dict:
    """Every parcel on its way: new events saved, delivered orders moved. One courier failing skips its parcels.

    A courier with a status feed (Sameday) is read through it — a few calls for all its parcels; the
    others, and a feed that cannot be used this time, parcel by parcel."""
    now = now or timezone.now()
    added = failed = 0
    retried = awb_retry_due(now=now)
    fed, to_start = [], []
    for code in REGISTRY:
        courier = courier_for(code)
        if not (courier.status_feed and courier_enabled(code)):
            continue
        result = status_feed_sync(courier=courier, now=now)
        if result is None:
            to_start.append(code)
        else:
            fed.append(code)
            added += result
    queryset = (
        Consignment.objects.filter(status__in=Consignment.TRACKED, awb_number__isnull=False).exclude(courier__in=fed)
        .select_related("shipment__order").order_by("pk")
    )
    failed_couriers = set()
    for consignment in queryset.iterator(chunk_size=200):
        try:
            added += consignment_tracking_sync(consignment=consignment, now=now)
        except CourierError as exc:
            failed += 1
            failed_couriers.add(consignment.courier)
            log.warning("tracking %s %s: %s", consignment.courier, consignment.awb_number, exc)
    for code in to_start:
        if code not in failed_couriers:  # every parcel read up to now: the feed takes over from here
            cache.set(_feed_key(code), now, timeout=None)
    return {"events": added, "failed": failed, "awb_retried": retried, "fed": fed}


# --- Courier webhooks --------------------------------------------------------------------------
def webhook_signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def courier_webhook_handle(*, courier_code: str, body: bytes, signature: str, now: datetime | None = None) -> str:
    """A courier tells us a parcel moved. The body is signed (HMAC-SHA256, hex, of the raw body with
    the courier's ``<CODE>_WEBHOOK_SECRET``); an event id seen before changes nothing.

    Body: ``{"id": event id, "awb": …, "status": TrackingStatus, "at": ISO time, "description", "location"}``.
    Returns "ok", "duplicate" or "unknown_awb".
    """
    now = now or timezone.now()
    secret = settings.COURIER_WEBHOOK_SECRETS.get(courier_code, "")
    if not secret or not signature or not hmac.compare_digest(webhook_signature(secret, body), signature.strip().lower()):
        raise ValidationError(_("The courier's signature does not match."), code="bad_signature")
    try:
        payload = json.loads(body)
        event_id, awb = str(payload["id"]), str(payload["awb"])
        at = parse_datetime(str(payload["at"]))
        status = str(payload["status"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(_("The courier's message could not be read."), code="bad_payload") from exc
    if at is None or status not in TrackingStatus.ALL:
        raise ValidationError(_("The courier's message could not be read."), code="bad_payload")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    event = CourierEvent(at=at, status=status, description=str(payload.get("description", "")), location=str(payload.get("location", "")),
                         courier_code=str(payload.get("code", "")))
    with transaction.atomic():
        try:
            with transaction.atomic():
                CourierWebhookEvent.objects.create(courier=courier_code, event_id=event_id[:255])
        except IntegrityError:
            return "duplicate"
        consignment = Consignment.objects.select_for_update().filter(courier=courier_code, awb_number=awb).first()
        if consignment is None:
            return "unknown_awb"
        if consignment.status in Consignment.TRACKED:
            _apply_events(consignment, [event], now)
        else:
            TrackingEvent.objects.bulk_create([TrackingEvent(consignment=consignment, at=at, status=status,
                                                             description=event.description[:255], location=event.location[:120])],
                                              ignore_conflicts=True)
    if consignment.direction == Consignment.Direction.OUTBOUND:
        order_advance(order=consignment.shipment.order, actor=None)
    return "ok"


# --- Reacting to the order ---------------------------------------------------------------------
def consignments_cancel_for_order(*, order_id: int) -> int:
    """The order, or one shop's part of it, was cancelled: AWBs not yet with the courier are cancelled
    (at the courier too)."""
    count = 0
    live = Consignment.objects.filter(shipment__order_id=order_id, direction=Consignment.Direction.OUTBOUND).filter(
        Q(shipment__order__status=S.CANCELLED) | Q(shipment__cancelled_at__isnull=False)
    ).exclude(status__in=[C.CANCELLED, *Consignment.HANDED])
    for consignment in live:
        try:
            awb_cancel(consignment=consignment, actor=None, reason=_("The order was cancelled."))
            count += 1
        except ValidationError as exc:
            log.warning("AWB %s not cancelled: %s", consignment.awb_number, exc)
    return count
