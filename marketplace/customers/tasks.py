"""django-q2 jobs of the buyer's lists. Each takes ids and is safe to run twice."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.common.money import format_money
from marketplace.notifications.email import email_send
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify


def wishlist_price_drop_sweep() -> int:
    """Queue one alert per wishlisted piece whose price fell since the buyer last heard (scheduled)."""
    from django_q.tasks import async_task

    from .selectors import wishlist_items_to_alert

    ids = list(wishlist_items_to_alert().values_list("pk", flat=True))
    for item_id in ids:
        async_task("marketplace.customers.tasks.wishlist_price_drop_alert", item_id)
    return len(ids)


def wishlist_price_drop_alert(item_id: int) -> bool:
    """Tell the buyer a wishlisted piece costs less (e-mail, inbox, Web Push); once per new lower price."""
    from .selectors import wishlist_items_to_alert
    from .services import wishlist_mark_alerted

    item = (
        wishlist_items_to_alert()
        .select_related("user", "product__storeproduct")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return False
    price = item.product.storeproduct.price
    with translation.override("ro"):
        subject = _("Price drop: %(title)s") % {"title": item.product.title}
        short = _("Now %(price)s lei (was %(was)s lei).") % {
            "price": format_money(price, unit=False),
            "was": format_money(item.alerted_price or item.price_when_added, unit=False),
        }
    email_send(
        to=item.user.email, user=item.user, body_template="pwa/email/wishlist_price_drop.txt",
        subject=lambda: _("Price drop: %(title)s") % {"title": item.product.title},
        context={
            "item": item, "price": format_money(price, unit=False),
            "was": format_money(item.alerted_price or item.price_when_added, unit=False),
        },
    )
    # The inbox, and Web Push to the buyer's phones unless they turned price-drop pushes off.
    url = reverse("product_detail", args=[item.product_id])
    notify(user=item.user, kind=NotificationKind.PRICE_DROP, title=subject, body=short, url=url)
    wishlist_mark_alerted(item=item, price=price)
    return True
