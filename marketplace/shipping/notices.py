"""What shipping tells people by itself: the shop, when the courier refuses its parcel's AWB.

The refusal's reason (the courier's own words, or "did not answer after N attempts") is kept on
the consignment (``last_error``) and shown on the AWB page and the shop's shipment page; staff see
it in the list of shipments. This job also puts it in the shop's inbox (and e-mail, push) once.
"""

from django.urls import reverse

from marketplace.notifications.models import Notification
from marketplace.notifications.services import notify

from .couriers import courier_for
from .models import Consignment


def awb_refused_notify(*, consignment_id: int) -> bool:
    """Tell the shop its parcel has no AWB and why. Sent once per refusal: a job run again finds the
    notice already in the inbox (created after the refusal was recorded) and sends nothing."""
    consignment = (
        Consignment.objects.select_related("shipment__order", "shipment__vendor__user")
        .filter(pk=consignment_id, status=Consignment.Status.AWB_FAILED).first()
    )
    if consignment is None:
        return False
    shipment = consignment.shipment
    user = shipment.vendor.user
    url = reverse("generate_awb", args=[shipment.pk])
    if Notification.objects.filter(user=user, url=url, created_at__gte=consignment.updated_at).exists():
        return False
    try:
        courier = courier_for(consignment.courier).label
    except KeyError:
        courier = consignment.courier
    context = {"order": shipment.order, "shipment": shipment, "courier": courier, "reason": consignment.last_error}
    notify(user, "awb_refused", context, url=url)
    return True


def awb_refused_notify_task(consignment_id) -> bool:
    """django-q2 job, enqueued after commit when a consignment becomes ``awb_failed``."""
    return awb_refused_notify(consignment_id=int(consignment_id))
