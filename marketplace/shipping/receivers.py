"""Shipping listens to the order's events (orders never imports shipping).

A cancelled order's AWBs are cancelled at the courier by a job after commit (a courier call never
runs under the order's lock); an order marked delivered by hand (the offline courier) marks its
parcels delivered in the same transaction.
"""

from django.dispatch import receiver
from django.utils import timezone

from marketplace.common.jobs import enqueue_after_commit
from marketplace.orders.checkout import locker_check_register
from marketplace.orders.events import order_event_recorded
from marketplace.orders.models import Order, OrderEvent

from .lockers import locker_exists
from .models import Consignment

locker_check_register(locker_exists)


@receiver(order_event_recorded, dispatch_uid="shipping.follow_order")
def follow_order(sender, order, event, **kwargs) -> None:
    if event.to_status == Order.Status.CANCELLED or event.type == OrderEvent.Type.SHIPMENT:
        # cancelled, or something happened to one shop's parcel (e.g. cancelled for its deadline)
        enqueue_after_commit("marketplace.shipping.tasks.consignments_cancel_task", order.pk)
    elif event.to_status == Order.Status.DELIVERED:
        now = timezone.now()
        Consignment.objects.filter(
            shipment__order=order, direction=Consignment.Direction.OUTBOUND,
            status__in=[Consignment.Status.AWB_GENERATED, Consignment.Status.HANDED_OVER, Consignment.Status.IN_TRANSIT,
                        Consignment.Status.OUT_FOR_DELIVERY],
        ).update(status=Consignment.Status.DELIVERED, delivered_at=now, updated_at=now)
