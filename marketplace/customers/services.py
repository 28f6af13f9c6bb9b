"""Writes of the buyer's lists: favourites, wishlist (with price-drop alerts), saved sizes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.products.models import Category, Product, Size
from marketplace.products.rules import product_unavailable_reason

from .models import Favorite, SavedDimension, WishlistItem


def _on_sale(product: Product) -> Product:
    """The cart's rule and message (``product_unavailable_reason``); an auction lot only needs to be public."""
    reason = product_unavailable_reason(product)
    if reason:
        raise ValidationError(reason, code="unavailable")
    return product


@transaction.atomic
def favorite_toggle(*, user, product: Product) -> Favorite | None:
    """Add the piece to the buyer's favourites, or take it out if it is there; returns the favourite or None."""
    existing = Favorite.objects.filter(user=user, product=product).first()
    if existing is not None:
        existing.delete()
        return None
    _on_sale(product)
    try:
        with transaction.atomic():
            return Favorite.objects.create(user=user, product=product)
    except IntegrityError:  # the same buyer tapped twice at once
        return Favorite.objects.get(user=user, product=product)


@transaction.atomic
def wishlist_add(*, user, product: Product) -> WishlistItem:
    """Put a fixed-price piece on the wishlist, remembering today's price to spot a drop."""
    store = getattr(product, "storeproduct", None)
    if store is None:
        _on_sale(product)
        raise ValidationError(_("Only fixed-price pieces can go on the wishlist."), code="not_store_product")
    _on_sale(store)
    item, _created = WishlistItem.objects.get_or_create(user=user, product=product, defaults={"price_when_added": store.price})
    return item


@transaction.atomic
def wishlist_remove(*, user, product: Product) -> None:
    WishlistItem.objects.filter(user=user, product=product).delete()


@transaction.atomic
def wishlist_set_alert(*, item: WishlistItem, enabled: bool) -> WishlistItem:
    item.alert_price_drop = enabled
    item.save(update_fields=["alert_price_drop", "updated_at"])
    return item


@transaction.atomic
def wishlist_mark_alerted(*, item: WishlistItem, price) -> WishlistItem:
    """Remember the price the buyer was told about: the next alert needs a lower one."""
    item = WishlistItem.objects.select_for_update().get(pk=item.pk)
    item.alerted_price = price
    item.save(update_fields=["alerted_price", "updated_at"])
    return item


@transaction.atomic
def saved_dimension_set(*, user, category: Category, size: Size, system: str = Size.System.EU) -> SavedDimension:
    """Save (or change) the size the buyer wears in a category."""
    if system not in Size.System.values:
        raise ValidationError({"system": _("Unknown size system.")})
    if category.parent_id is not None:
        raise ValidationError({"category": _("Choose a main category.")})
    charts = set(category.size_charts.values_list("pk", flat=True))
    if not charts:
        raise ValidationError({"category": _("This category has no sizes.")})
    if size.chart_id not in charts:
        raise ValidationError({"size": _("This size does not belong to the category's size chart.")})
    saved, _created = SavedDimension.objects.update_or_create(
        user=user, category=category, defaults={"size": size, "system": system}
    )
    return saved


@transaction.atomic
def saved_dimension_remove(*, user, category: Category) -> None:
    SavedDimension.objects.filter(user=user, category=category).delete()
