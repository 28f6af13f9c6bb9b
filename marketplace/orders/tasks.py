"""django-q2 jobs of the orders context. Each takes ids and is safe to run twice."""

from django.urls import reverse

from marketplace.common.money import format_money
from marketplace.notifications.services import notification_once_claim, notify, notify_email

from .fulfilment import orders_complete_due, shipping_deadlines_check
from .models import Order, OrderEvent, ReturnRequest, Shipment
from .returns import returns_escalate_unanswered
from .services import carts_clean_expired, orders_expire_unpaid

EVENTS = ("created", "placed", "paid", "cancelled", "shipped", "delivered", "completed")


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


def check_shipping_deadlines() -> dict:
    """Hourly: shops a day from their shipping deadline are warned; shipments past it are cancelled and refunded."""
    return shipping_deadlines_check()


def complete_orders() -> int:
    """Hourly: delivered orders whose return window closed with no open return are completed."""
    return orders_complete_due()


def escalate_returns() -> int:
    """Hourly: return requests the shop did not answer in time go to the team."""
    return returns_escalate_unanswered()


FULFILMENT_EVENTS = ("deadline_warning", "deadline_cancelled", "shipment_cancelled")


def notify_fulfilment(shipment_id: int, event: str) -> int:
    """The shop about its deadline (warning, cancellation); the buyer about a parcel cancelled alone."""
    shipment = (
        Shipment.objects.select_related("order__buyer", "vendor__user").prefetch_related("items").filter(pk=shipment_id).first()
    )
    if shipment is None or event not in FULFILMENT_EVENTS:
        return 0
    context = {"order": shipment.order, "shipment": shipment, "event": event}
    if event == "shipment_cancelled":
        notify(shipment.order.buyer, "shipment_cancelled", context, url=reverse("order_detail", args=[shipment.order_id]), email=shipment.order.email)
        return 1
    notify(shipment.vendor.user, "shipping_deadline", context, url=reverse("vendors:orders_shipment_change", args=[shipment.pk]))
    return 1


RETURN_EVENTS = ("requested", "accepted", "escalated", "rejected", "tracking", "received", "refunded")


def notify_return(return_id: int, event: str) -> int:
    """The buyer and the shop about a step of a return."""
    rr = (
        ReturnRequest.objects.select_related("order__buyer", "shipment__vendor__user")
        .prefetch_related("items__order_item")
        .filter(pk=return_id)
        .first()
    )
    if rr is None or event not in RETURN_EVENTS:
        return 0
    context = {"order": rr.order, "rr": rr, "shipment": rr.shipment, "event": event}
    notify(rr.order.buyer, "return", context, url=reverse("order_detail", args=[rr.order_id]), email=rr.order.email)
    notify(rr.shipment.vendor.user, "shop_return", context, url=reverse("vendors:orders_returnrequest_change", args=[rr.pk]))
    return 2


def notify_refund(event_id: int) -> bool:
    """The buyer about one refund (an order or a parcel cancelled, a refund by staff): how much, and how it comes."""
    event = OrderEvent.objects.select_related("order__buyer__profile").filter(pk=event_id, type=OrderEvent.Type.REFUND).first()
    if event is None:
        return False
    order = event.order
    context = {"order": order, "amount": format_money(event.data.get("amount", "0"), unit=False),
               "by_hand": bool(event.data.get("by_hand"))}
    if order.buyer is None:
        return bool(notify_email(order.email, "refund", context))
    if not notification_once_claim(user=order.buyer, key=f"refund:{event.pk}"):
        return False
    notify(order.buyer, "refund", context, url=reverse("order_detail", args=[order.pk]), email=order.email)
    return True
