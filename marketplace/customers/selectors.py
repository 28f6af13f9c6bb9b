from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet

from marketplace.products.models import ProductImage
from marketplace.products.rules import on_sale_q, public_q

from .models import Favorite, SavedDimension, WishlistItem


def _with_cards(queryset: QuerySet, prefix: str = "product") -> QuerySet:
    return queryset.select_related(
        prefix, f"{prefix}__storeproduct", f"{prefix}__brand", f"{prefix}__condition", f"{prefix}__size"
    ).prefetch_related(
        Prefetch(
            f"{prefix}__images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images"
        )
    )


def favorites_for(*, user) -> QuerySet[Favorite]:
    """The buyer's favourites that are still public, newest first."""
    return _with_cards(
        Favorite.objects.filter(public_q("product__"), user=user, product__storeproduct__isnull=False)
    )


def favorite_product_ids(*, user, product_ids) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(Favorite.objects.filter(user=user, product_id__in=list(product_ids)).values_list("product_id", flat=True))


def wishlist_for(*, user) -> QuerySet[WishlistItem]:
    return _with_cards(WishlistItem.objects.filter(public_q("product__"), user=user))


def wishlist_current_price(item: WishlistItem) -> Decimal | None:
    store = getattr(item.product, "storeproduct", None)
    return store.price if store is not None else None


def wishlist_price_dropped(item: WishlistItem) -> bool:
    """True when the piece now costs less than when the buyer added it."""
    price = wishlist_current_price(item)
    return price is not None and price < item.price_when_added


def wishlist_items_to_alert() -> QuerySet[WishlistItem]:
    """Items whose price fell below the last price the buyer heard about (or the price when added)."""
    return WishlistItem.objects.filter(on_sale_q("product__", store="storeproduct__"), alert_price_drop=True).filter(
        Q(alerted_price__isnull=True, product__storeproduct__price__lt=F("price_when_added"))
        | Q(alerted_price__isnull=False, product__storeproduct__price__lt=F("alerted_price"))
    )


def saved_dimensions_for(*, user) -> QuerySet[SavedDimension]:
    return SavedDimension.objects.filter(user=user).select_related("category", "size")
