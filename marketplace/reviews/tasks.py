"""django-q2 jobs of seller reviews. Each takes ids and is safe to run twice."""

from django.urls import reverse

from marketplace.notifications.services import notification_once_claim, notify
from marketplace.orders.models import Order

from .selectors import order_review_rows


def review_invite_task(order_id: int) -> bool:
    """Tell the buyer of a completed order that they may rate its shops: once per order, whatever runs twice.

    Nothing is sent for a guest's order (a review needs an account), an order not completed, or one whose
    every shop is already rated or was cancelled.
    """
    order = Order.objects.select_related("buyer__profile").filter(pk=order_id).first()
    if order is None or order.buyer is None or order.status != Order.Status.COMPLETED:
        return False
    shops = [row["vendor"] for row in order_review_rows(order=order) if row["can_review"]]
    if not shops:
        return False
    if not notification_once_claim(user=order.buyer, key=f"review_invited:order:{order.pk}"):
        return False
    url = reverse("order_review", args=[order.pk])
    notify(order.buyer, "review_invited", {"order": order, "shops": [shop.shop_name for shop in shops], "url": url}, url=url, email=order.email)
    return True
