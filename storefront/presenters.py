"""Shape catalogue rows for the API and the pages: one place decides what a card shows."""

from django.core.files.storage import default_storage
from django.urls import reverse

from doors import catalogue_cache
from marketplace.common.money import format_money
from marketplace.customers import catalogue
from marketplace.products.rules import product_on_sale

RENDITION_WIDTHS = {"thumb": 320, "card": 800, "full": 1600}


def image_sources(image) -> dict | None:
    """src, srcset and alt of a product photo, from its WebP renditions when they are made."""
    if image is None:
        return None
    renditions = image.renditions or {}
    if renditions:
        urls = {name: default_storage.url(path) for name, path in renditions.items() if name in RENDITION_WIDTHS}
        srcset = ", ".join(f"{url} {RENDITION_WIDTHS[name]}w" for name, url in urls.items())
        src = urls.get("card") or next(iter(urls.values()))
        full = urls.get("full") or src
    else:
        shown = image.image or image.original
        src = full = shown.url if shown else ""
        srcset = ""
    return {"src": src, "srcset": srcset, "full": full, "alt": image.alt_text or ""}


def primary_image(product):
    images = getattr(product, "primary_images", None)
    if images is None:
        images = [image for image in product.images.all() if image.is_primary]
    return images[0] if images else None


def size_label(product, system: str = "eu") -> str:
    return f"{system.upper()} {product.size.label(system)}" if product.size_id else ""


def seller_rating(product) -> tuple[str | None, int]:
    """The shop's rating on a card: annotated by the catalogue's query, or from the shop's row when it is loaded."""
    count = getattr(product, "seller_rating_count", None)
    average = getattr(product, "seller_rating", None)
    if count is None and "vendor" in product._state.fields_cache:
        count, average = product.vendor.rating_count, product.vendor.rating_average
    return (str(average) if count and average is not None else None), (count or 0)


def product_card(product, *, favorites: set[int] = frozenset(), system: str = "eu") -> dict:
    rating, reviews = seller_rating(product)
    return {
        "id": product.pk,
        "title": product.display_title,
        "url": reverse("product_detail", args=[product.pk]),
        "brand": product.brand.name,
        "price": str(product.price),
        "price_display": format_money(product.price, unit=False),
        "currency": "RON",
        "product_type": product.product_type,
        "product_type_label": str(product.get_product_type_display()),
        "condition": product.condition.display_name,
        "size": size_label(product, system),
        "colour": product.colour,
        "image": image_sources(primary_image(product)),
        "is_favorite": product.pk in favorites,
        "authenticated": bool(getattr(product, "is_certified", False)),  # a valid authenticity certificate
        "seller_rating": rating,  # the shop's average of 1–5, None before its first visible review
        "seller_reviews": reviews,
    }


def catalogue_cards(rows, *, favorites: set[int] = frozenset(), system: str = "eu") -> list[dict]:
    """The cards of a page read by ``catalogue.catalogue_page_rows`` (``(id, price, certified)`` rows), in its order.

    What changes only when a listing is saved comes from the card cache (``doors.catalogue_cache``);
    the price and the certificate come from the page's rows, the favourites are the buyer's.
    """

    def build(pks):
        return {product.pk: product_card(product, system=system) for product in catalogue.card_products(pks)}

    kept = catalogue_cache.cards([pk for pk, _price, _certified in rows], system=system, build=build)
    cards = []
    for pk, price, certified in rows:
        card = kept.get(pk)
        if card is None:  # deleted between the page's query and the cards'
            continue
        cards.append({
            **card,
            "price": str(price),
            "price_display": format_money(price, unit=False),
            "is_favorite": pk in favorites,
            "authenticated": certified,
        })
    return cards


def product_detail(product, *, favorites: set[int] = frozenset(), system: str = "eu") -> dict:
    images = sorted(product.images.all(), key=lambda image: (not image.is_primary, image.position, image.pk))
    return {
        **product_card(product, favorites=favorites, system=system),
        "image": image_sources(images[0]) if images else None,
        "description": product.display_description,
        "images": [image_sources(image) for image in images],
        "category": product.category.display_name,
        "subcategory": product.subcategory.display_name if product.subcategory_id else "",
        "material": product.material.display_name if product.material_id else "",
        "colour_label": str(product.get_colour_display()) if product.colour else "",
        "dimensions": product.dimensions or {},
        "sku": getattr(getattr(product, "sku", None), "code", ""),
        "vendor": product.vendor.shop_name,
        "in_stock": product_on_sale(product),
        "attributes": [{"name": a.name, "value": a.value} for a in product.attributes.all()],
    }
