"""django-q2 jobs of the orders context. Each takes ids and is safe to run twice."""

from django.utils.translation import gettext as _

from marketplace.notifications.email import email_send

from .models import Order
from .services import carts_clean_expired, orders_expire_unpaid

SUBJECTS = {
    "created": lambda: _("Your SNOBISTIC order %(number)s: choose delivery and pay"),
    "placed": lambda: _("Order %(number)s received"),
    "paid": lambda: _("Order %(number)s is paid"),
    "cancelled": lambda: _("Order %(number)s is cancelled"),
    "shipped": lambda: _("Order %(number)s is on its way"),
    "delivered": lambda: _("Order %(number)s was delivered"),
}


def clean_expired_carts() -> int:
    """Daily: carts untouched for 30 days are deleted."""
    return carts_clean_expired(days=30)


def expire_unpaid_orders() -> int:
    """Every few minutes: unpaid orders past their deadline are cancelled and their pieces freed."""
    return orders_expire_unpaid()


def notify_order(order_id: int, kind: str) -> int:
    """E-mail the buyer and each vendor of the order about ``kind``; returns how many were sent."""
    order = (
        Order.objects.select_related("buyer")
        .prefetch_related("shipments__vendor__user", "shipments__items")
        .filter(pk=order_id)
        .first()
    )
    if order is None or kind not in SUBJECTS:
        return 0
    def subject() -> str:  # run in each reader's language
        return SUBJECTS[kind]() % {"number": order.number}

    sent = email_send(
        to=order.email, user=order.buyer, subject=subject, body_template="orders/email/buyer.txt",
        context={"order": order, "kind": kind},
    )
    for shipment in order.shipments.all():
        sent += email_send(
            to=shipment.vendor.user.email, user=shipment.vendor.user, subject=subject,
            body_template="orders/email/vendor.txt", context={"order": order, "shipment": shipment, "kind": kind},
        )
    return sent
