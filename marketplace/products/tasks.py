"""django-q2 jobs of the catalogue. Each takes ids and is safe to run twice."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from marketplace.notifications.services import notify

from .images import encode, remove_background, renditions
from .models import ListingStatus, Product, ProductImage


def notify_listing_reviewed(product_id: int) -> bool:
    """Tell the vendor the outcome of the review (validated, or rejected with the reason)."""
    product = Product.objects.select_related("vendor__user__profile").filter(pk=product_id).first()
    if product is None or product.status not in (ListingStatus.VALIDATED, ListingStatus.REJECTED):
        return False
    notify(product.vendor.user, "listing_reviewed", {"product": product})
    return True


def product_image_renditions(image_id: int) -> dict | None:
    """(Re)make the WebP renditions of what the photo shows now."""
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None or not image.image:
        return None
    with image.image.open("rb") as handle, Image.open(handle) as picture:
        picture.load()
        made = renditions(picture)
    stored = {}
    for name, data in made.items():
        path = f"products/{image.product_id}/r/{image.pk}-{name}.webp"
        if default_storage.exists(path):
            default_storage.delete(path)
        stored[name] = default_storage.save(path, ContentFile(data))
    ProductImage.objects.filter(pk=image.pk).update(renditions=stored)
    return stored


def background_remove_task(image_id: int) -> str | None:
    """Cut the piece out of its background (rembg, or the plain-backdrop fallback); keep the original."""
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None:
        return None
    if not image.background_removed:
        with image.original.open("rb") as handle, Image.open(handle) as picture:
            picture.load()
            cut, method = remove_background(picture)
        image.image.save(f"{uuid.uuid4().hex}-cut.png", ContentFile(encode(cut, "PNG")), save=False)
        image.background_removed = True
        image.save(update_fields=["image", "background_removed", "updated_at"])
    else:
        method = "done"
    product_image_renditions(image.pk)
    return method
