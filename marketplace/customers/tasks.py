"""django-q2 jobs of the buyer's lists. Each takes ids and is safe to run twice."""

from django.conf import settings
from django.urls import reverse
from django_q.tasks import async_task

from marketplace.common.money import format_money
from marketplace.notifications.services import notify

from .privacy import data_export_build, data_exports_expire
from .selectors import wishlist_items_to_alert
from .services import wishlist_mark_alerted


def wishlist_price_drop_sweep() -> int:
    """Queue one alert per wishlisted piece whose price fell since the buyer last heard (scheduled)."""
    ids = list(wishlist_items_to_alert().values_list("pk", flat=True))
    for item_id in ids:  # a job, outside any transaction: queued at once
        async_task("marketplace.customers.tasks.wishlist_price_drop_alert", item_id)
    return len(ids)


def wishlist_price_drop_alert(item_id: int) -> bool:
    """Tell the buyer a wishlisted piece costs less (inbox, Web Push, e-mail); once per new lower price."""
    item = (
        wishlist_items_to_alert()
        .select_related("user__profile", "product__storeproduct")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return False
    price = item.product.storeproduct.price
    context = {
        "item": item, "price": format_money(price, unit=False),
        "was": format_money(item.alerted_price or item.price_when_added, unit=False),
    }
    notify(item.user, "price_drop", context, url=reverse("product_detail", args=[item.product_id]))
    wishlist_mark_alerted(item=item, price=price)
    return True


def data_export_build_task(export_id: int) -> bool:
    """Make the buyer's personal-data ZIP and e-mail them the link (safe to run twice: a ready export is left)."""
    export = data_export_build(export_id=export_id)
    if export is None:
        return False
    url = f"{settings.SITE_URL.rstrip('/')}{reverse('privacy_export_download', args=[export.pk])}"
    notify(export.user, "data_export_ready", {"export": export, "url": url, "days": settings.PRIVACY_EXPORT_DAYS})
    return True


def data_exports_expire_task() -> int:
    """Delete expired personal-data ZIPs (scheduled daily)."""
    return data_exports_expire()
