"""django-q2 jobs of the orders context. Each takes ids and is safe to run twice."""

from django.urls import reverse

from marketplace.notifications.services import notify, notify_email

from .models import Order
from .services import carts_clean_expired, orders_expire_unpaid

EVENTS = ("created", "placed", "paid", "cancelled", "shipped", "delivered")


def clean_expired_carts() -> int:
    """Daily: carts untouched for 30 days are deleted."""
    return carts_clean_expired(days=30)


def expire_unpaid_orders() -> int:
    """Every few minutes: unpaid orders past their deadline are cancelled and their pieces freed."""
    return orders_expire_unpaid()


def notify_order(order_id: int, kind: str) -> int:
    """Tell the buyer (a guest by e-mail only) and each vendor of the order about ``kind``.

    Returns how many people were told.
    """
    order = (
        Order.objects.select_related("buyer__profile")
        .prefetch_related("shipments__vendor__user__profile", "shipments__items")
        .filter(pk=order_id)
        .first()
    )
    if order is None or kind not in EVENTS:
        return 0
    context = {"order": order, "event": kind}
    if order.buyer is not None:
        notify(order.buyer, "order", context, url=reverse("order_detail", args=[order.pk]), email=order.email)
        told = 1
    else:
        told = notify_email(order.email, "order", context)
    for shipment in order.shipments.all():
        notify(shipment.vendor.user, "shop_order", {**context, "shipment": shipment})
        told += 1
    return told
