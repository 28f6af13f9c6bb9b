"""Shipping's reads: a parcel's tracking for the buyer's order page, consignments for the back offices."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from .couriers import courier_for
from .models import Consignment, TrackingEvent


@dataclass(frozen=True)
class ShipmentTracking:
    consignment_id: int
    courier: str
    courier_label: str
    awb_number: str
    tracking_url: str
    status: str
    status_label: str
    events: list = field(default_factory=list)  # TrackingEvent rows, oldest first
    problem: str = ""  # why there is no AWB (refused, or the courier not answering): for the shop and staff only


def _courier_label(code: str) -> str:
    try:
        return courier_for(code).label
    except KeyError:
        return code


def _tracking_url(code: str, awb: str) -> str:
    try:
        return courier_for(code).tracking_url(awb) if awb else ""
    except KeyError:
        return ""


def _problem(consignment: Consignment) -> str:
    waiting = (Consignment.Status.AWB_FAILED, Consignment.Status.PENDING_AWB)
    return consignment.last_error if consignment.status in waiting else ""


def shipment_tracking(shipment_ids, *, direction: str = Consignment.Direction.OUTBOUND) -> dict[int, ShipmentTracking]:
    """shipment id → its live parcel's courier, AWB, tracking link, status and events (two queries
    whatever the number of shipments; a shipment with no consignment is absent)."""
    ids = list(shipment_ids)
    if not ids:
        return {}
    consignments = (
        Consignment.objects.filter(shipment_id__in=ids, direction=direction).exclude(status=Consignment.Status.CANCELLED)
        .prefetch_related(Prefetch("events", queryset=TrackingEvent.objects.order_by("at", "pk")))
    )
    return {
        c.shipment_id: ShipmentTracking(
            consignment_id=c.pk, courier=c.courier, courier_label=_courier_label(c.courier), awb_number=c.awb_number or "",
            tracking_url=_tracking_url(c.courier, c.awb_number or ""), status=c.status, status_label=c.get_status_display(),
            events=list(c.events.all()), problem=_problem(c),
        )
        for c in consignments
    }


def consignments_for_shipment(shipment) -> QuerySet[Consignment]:
    """Every consignment of a shipment (cancelled ones too), newest first, with photos and events."""
    return (
        Consignment.objects.filter(shipment=shipment)
        .prefetch_related("photos", Prefetch("events", queryset=TrackingEvent.objects.order_by("at", "pk")))
        .order_by("-created_at", "-pk")
    )


def consignments_with_labels(shipment_ids) -> list[Consignment]:
    """Live outbound consignments of these shipments that have an AWB, in the shipments' order."""
    return list(
        Consignment.objects.filter(shipment_id__in=list(shipment_ids), direction=Consignment.Direction.OUTBOUND,
                                   status__in=Consignment.HAS_AWB)
        .select_related("shipment__order").order_by("shipment__order__number", "shipment_id")
    )


def awb_tracking(awb_number: str) -> ShipmentTracking | None:
    """A parcel by its AWB, for the public tracking page (the AWB printed on the label is the key)."""
    consignment = (
        Consignment.objects.filter(awb_number=awb_number).exclude(status=Consignment.Status.CANCELLED)
        .prefetch_related(Prefetch("events", queryset=TrackingEvent.objects.order_by("at", "pk"))).first()
    )
    if consignment is None:
        return None
    return ShipmentTracking(
        consignment_id=consignment.pk, courier=consignment.courier, courier_label=_courier_label(consignment.courier),
        awb_number=consignment.awb_number, tracking_url=_tracking_url(consignment.courier, consignment.awb_number),
        status=consignment.status, status_label=consignment.get_status_display(), events=list(consignment.events.all()),
    )
