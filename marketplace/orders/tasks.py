"""django-q2 jobs of the orders context. Each takes ids and is safe to run twice."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

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
    sent = 0
    with translation.override("ro"):
        subject = SUBJECTS[kind]() % {"number": order.number}
        body = render_to_string("orders/email/buyer.txt", {"order": order, "kind": kind})
        sent += send_mail(subject=subject, message=body, from_email=None, recipient_list=[order.email])
        for shipment in order.shipments.all():
            body = render_to_string("orders/email/vendor.txt", {"order": order, "shipment": shipment, "kind": kind})
            sent += send_mail(subject=subject, message=body, from_email=None, recipient_list=[shipment.vendor.user.email])
    return sent
