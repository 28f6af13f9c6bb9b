"""Product photos in small places (the cart's lines): the smallest WebP rendition, not the upload."""

from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def thumb_url(image) -> str:
    """URL of a product photo's thumbnail rendition (WebP, 320 px wide), else of the photo itself
    (a photo whose renditions are not made yet)."""
    path = (image.renditions or {}).get("thumb")
    if path:
        return default_storage.url(path)
    shown = image.image or image.original
    return shown.url if shown else ""
