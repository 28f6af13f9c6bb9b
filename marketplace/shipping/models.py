"""Consignments (a parcel handed to a courier, with its AWB), photos of the packed parcel, tracking history.

A ``Consignment`` belongs to one vendor's ``orders.Shipment``: the outbound parcel to the buyer, or a
return parcel from the buyer back to the shop. Its status is changed only by ``services.py``.
A shipment holds at most one live (not cancelled) outbound consignment and one live return one —
enforced by the database, which is what makes "Generate AWB" pressed twice, or two workers racing,
end with one AWB.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel
from marketplace.orders.models import Shipment

# The values of couriers.base.Service and TrackingStatus, written out: importing the couriers package
# here would import the local courier, which imports these models.
SERVICES = ("address", "locker", "pickup")
TRACKING_STATUSES = (
    "created", "picked_up", "in_transit", "out_for_delivery", "delivered", "failed_delivery", "returned", "cancelled",
)


def label_path(instance, filename: str) -> str:
    return f"awb_labels/{instance.shipment_id}/{filename}"


def parcel_photo_path(instance, filename: str) -> str:
    return f"awb_labels/{instance.consignment.shipment_id}/photos/{filename}"


class Consignment(TimeStampedModel):
    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("To the buyer")
        RETURN = "return", _("Return to the shop")

    class ServiceType(models.TextChoices):
        ADDRESS = "address", _("To the address")
        LOCKER = "locker", _("To a locker")
        PICKUP = "pickup", _("Pick-up at the courier's office")

    class Size(models.TextChoices):
        S = "S", _("Small (S)")
        M = "M", _("Medium (M)")
        L = "L", _("Large (L)")

    class Status(models.TextChoices):
        PENDING_AWB = "pending_awb", _("AWB pending — courier unreachable")
        AWB_REQUESTED = "awb_requested", _("AWB requested")
        AWB_FAILED = "awb_failed", _("AWB refused")
        AWB_GENERATED = "awb_generated", _("AWB generated")
        HANDED_OVER = "handed_over", _("Handed to the courier")
        IN_TRANSIT = "in_transit", _("In transit")
        OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
        DELIVERED = "delivered", _("Delivered")
        RETURNED = "returned", _("Returned to the sender")
        CANCELLED = "cancelled", _("Cancelled")

    shipment = models.ForeignKey(
        "orders.Shipment", on_delete=models.CASCADE, related_name="consignments", verbose_name=_("shipment")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND)
    courier = models.CharField(_("courier"), max_length=20)
    service = models.CharField(_("service"), max_length=10, choices=ServiceType.choices, default=ServiceType.ADDRESS)
    locker_id = models.CharField(_("locker"), max_length=60, blank=True)
    locker_name = models.CharField(_("locker name"), max_length=200, blank=True)
    size = models.CharField(_("parcel size"), max_length=1, choices=Size.choices, default=Size.M)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=6, decimal_places=2, default=Decimal("1.00"))
    cod_amount = models.DecimalField(_("cash on delivery"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    awb_number = models.CharField(_("AWB"), max_length=64, null=True, blank=True)
    label = models.FileField(_("label"), upload_to=label_path, max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AWB_REQUESTED, db_index=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    tracking_status = models.CharField(
        _("tracking status"), max_length=20, blank=True, choices=[(s, s) for s in TRACKING_STATUSES]
    )
    tracking_synced_at = models.DateTimeField(_("tracking read at"), null=True, blank=True)
    awb_generated_at = models.DateTimeField(_("AWB generated at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("consignment")
        verbose_name_plural = _("consignments")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("can_generate_awb", _("Can generate AWBs")),
            ("can_upload_awb", _("Can upload AWB and parcel photos")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "direction"], condition=~models.Q(status="cancelled"),
                name="shipping_one_live_consignment_per_direction",
            ),
            models.UniqueConstraint(
                fields=["courier", "awb_number"], condition=models.Q(awb_number__isnull=False),
                name="shipping_awb_unique_per_courier",
            ),
            models.CheckConstraint(condition=models.Q(weight_kg__gt=0), name="shipping_weight_positive"),
            models.CheckConstraint(condition=models.Q(cod_amount__gte=0), name="shipping_cod_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "next_retry_at"], name="shipping_status_retry")]

    def __str__(self) -> str:
        return self.awb_number or f"#{self.pk}"

    HAS_AWB = (
        Status.AWB_GENERATED, Status.HANDED_OVER, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY, Status.DELIVERED,
        Status.RETURNED,
    )
    HANDED = (Status.HANDED_OVER, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY, Status.DELIVERED, Status.RETURNED)
    TRACKED = (Status.AWB_GENERATED, Status.HANDED_OVER, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY)

    @property
    def has_awb(self) -> bool:
        return self.status in self.HAS_AWB


class AwbSequence(models.Model):
    """The last AWB number the offline provider gave out; row-locked while a number is taken."""

    name = models.CharField(max_length=20, unique=True)
    last = models.PositiveBigIntegerField(default=0)


class ParcelPhoto(models.Model):
    class Kind(models.TextChoices):
        PARCEL = "parcel", _("Packed parcel")
        LABEL = "label", _("Label on the parcel")

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="photos", verbose_name=_("consignment"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PARCEL)
    image = models.ImageField(_("photo"), upload_to=parcel_photo_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("parcel photo")
        verbose_name_plural = _("parcel photos")
        ordering = ["consignment", "created_at", "pk"]


class TrackingEvent(models.Model):
    """One step of the courier's tracking; read again, an event already kept is not added twice."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="events", verbose_name=_("consignment"))
    at = models.DateTimeField(_("at"))
    status = models.CharField(_("status"), max_length=20, choices=[(s, s) for s in TRACKING_STATUSES])
    description = models.CharField(_("description"), max_length=255, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    courier_code = models.CharField(_("courier's code"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        ordering = ["consignment", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consignment", "at", "status"], name="shipping_tracking_event_once"),
        ]


class CourierWebhookEvent(models.Model):
    """A courier's notification already handled: the same event arriving again changes nothing."""

    courier = models.CharField(_("courier"), max_length=20)
    event_id = models.CharField(_("event id"), max_length=255)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("courier webhook event")
        verbose_name_plural = _("courier webhook events")
        constraints = [models.UniqueConstraint(fields=["courier", "event_id"], name="shipping_webhook_event_once")]


class ShipmentParcel(Shipment):
    """The staff's list of shipments with their AWB (a proxy of orders.Shipment, owned by shipping)."""

    class Meta:
        proxy = True
        verbose_name = _("shipment and AWB")
        verbose_name_plural = _("shipments and AWBs")
