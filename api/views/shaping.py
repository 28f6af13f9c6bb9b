"""How the partner API writes a listing, a photo and money: one place, shared by REST and GraphQL."""

from django.core.files.storage import default_storage

from marketplace.products.rules import product_on_sale


def image_urls(image) -> dict | None:
    if image is None:
        return None
    renditions = {name: default_storage.url(path) for name, path in (image.renditions or {}).items()}
    if not renditions:
        shown = image.image or image.original
        renditions = {"full": shown.url} if shown else {}
    return {"alt": image.alt_text or "", **renditions}


def primary_image(product):
    images = getattr(product, "primary_images", None)
    if images is None:
        images = [image for image in product.images.all() if image.is_primary]
    return images[0] if images else None


def product_card(product) -> dict:
    """A public listing as partners see it (validated pieces only reach here)."""
    store = getattr(product, "storeproduct", None) if not hasattr(product, "price") else product
    price = getattr(store, "price", None)
    return {
        "id": product.pk, "title": product.display_title, "brand": product.brand.name,
        "price": None if price is None else str(price), "currency": "RON",
        "product_type": product.product_type, "condition": product.condition.display_name,
        "size": product.size.eu if product.size_id else "", "colour": product.colour,
        "image": image_urls(primary_image(product)),
    }


def product_detail(product) -> dict:
    images = sorted(product.images.all(), key=lambda image: (not image.is_primary, image.position, image.pk))
    return {
        **product_card(product),
        "description": product.display_description,
        "category": product.category.slug, "subcategory": product.subcategory.slug if product.subcategory_id else "",
        "material": product.material.display_name if product.material_id else "",
        "dimensions": product.dimensions or {}, "vendor": {"id": product.vendor_id, "name": product.vendor.shop_name},
        "images": [image_urls(image) for image in images], "in_stock": product_on_sale(product),
        "attributes": [{"name": a.name, "value": a.value} for a in product.attributes.all()],
    }
