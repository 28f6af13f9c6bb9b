"""The dates a shipment carries: when it must leave, when it left, arrived, and until when it may come back.

Stamped by the order services (paying, confirming cash on delivery, ``order_transition``); read by the
deadline and completion jobs (``fulfilment``) and by the return rules (``returns``).
"""

from datetime import datetime, timedelta

from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.administration.selectors import platform_settings

from .models import Order, Shipment


def active_shipments(order: Order):
    """The order's shipments still going ahead (a shop that missed its deadline is cancelled alone)."""
    return Shipment.objects.filter(order_id=order.pk, cancelled_at__isnull=True)


def shipments_start_deadline(order: Order, *, now: datetime | None = None) -> int:
    """The order is paid (or a cash-on-delivery order confirmed): each shop has ``shipping_days`` to ship."""
    now = now or timezone.now()
    ship_by = now + timedelta(days=platform_settings().shipping_days)
    return active_shipments(order).filter(ship_by__isnull=True).update(ship_by=ship_by, updated_at=now)


def shipments_stamp_shipped(order: Order, *, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return active_shipments(order).filter(shipped_at__isnull=True).update(shipped_at=now, updated_at=now)


def shipment_stamp_handed_over(shipment: Shipment, *, now: datetime | None = None) -> bool:
    """One parcel is with the courier (shipping calls this on hand-over, also for an order shared with
    other shops that does not move yet): its shipping deadline no longer applies."""
    now = now or timezone.now()
    return bool(Shipment.objects.filter(pk=shipment.pk, shipped_at__isnull=True).update(shipped_at=now, updated_at=now))


def return_window_end(delivered_at: datetime) -> datetime:
    return delivered_at + timedelta(days=platform_settings().return_days)


def shipments_stamp_delivered(order: Order, *, by: str = Shipment.DeliveredBy.COURIER, now: datetime | None = None) -> int:
    """Every parcel of the order still on its way counts as delivered now (its return window starts)."""
    now = now or timezone.now()
    return (
        active_shipments(order)
        .filter(delivered_at__isnull=True)
        .update(
            delivered_at=now, delivered_by=by, return_window_ends=return_window_end(now), updated_at=now,
            shipped_at=Coalesce(F("shipped_at"), Value(now)),
        )
    )
