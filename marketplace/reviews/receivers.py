"""Thin trigger: an order that reaches "completed" invites its buyer to rate the shops (after commit)."""

from django.dispatch import receiver

from marketplace.common.jobs import enqueue_after_commit
from marketplace.orders.events import order_event_recorded
from marketplace.orders.models import Order


@receiver(order_event_recorded, dispatch_uid="reviews.invite")
def _order_event(sender, *, order, event, **kwargs) -> None:
    if event.to_status == Order.Status.COMPLETED and order.buyer_id:
        enqueue_after_commit("marketplace.reviews.tasks.review_invite_task", order.pk)
