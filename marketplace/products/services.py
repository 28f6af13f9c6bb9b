"""Writes on listings: drafts, submission, staff review, SKU codes."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import ListingStatus, Product, ProductImage, SKUCode, SKUSequence

# Editing any of these on a validated listing sends it back to the validation queue.
REVIEWED_FIELDS = frozenset({"title", "description", "price", "starting_price", "reserve_price"})


def _unique_slug(title: str) -> str:
    base = slugify(title)[:150] or "produs"
    slug = base
    while Product.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5).lower()}"
    return slug


def _prefix(value: str, length: int) -> str:
    letters = re.sub(r"[^A-Z0-9]", "", slugify(value).upper())
    return (letters or "X")[:length]


@transaction.atomic
def sku_generate(*, product: Product) -> SKUCode:
    """The product's SKU (BRAND-CATEGORY-000123), made once; the counter row is locked meanwhile."""
    existing = SKUCode.objects.filter(product=product).first()
    if existing is not None:
        return existing
    prefix = f"{_prefix(product.brand.name, 4)}-{_prefix(product.category.slug, 3)}"
    SKUSequence.objects.get_or_create(prefix=prefix)
    sequence = SKUSequence.objects.select_for_update().get(prefix=prefix)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return SKUCode.objects.create(product=product, code=f"{prefix}-{sequence.last:06d}")


def _notify_vendor(product: Product) -> None:
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("marketplace.products.tasks.notify_listing_reviewed", product.pk))


@transaction.atomic
def product_submit(*, product: Product) -> Product:
    """A finished draft (or a rejected listing, mended) goes to the validation queue."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status not in (ListingStatus.DRAFT, ListingStatus.REJECTED):
        raise ValidationError(_("Only a draft or a rejected listing can be submitted."), code="invalid_state")
    if product.kind is None:
        raise ValidationError(_("Set a price or the auction settings first."), code="incomplete")
    if not product.images.exists():
        raise ValidationError(_("Add at least one photo."), code="no_photo")
    product.status = ListingStatus.PENDING
    product.submitted_at = timezone.now()
    product.rejection_reason = ""
    product.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    sku_generate(product=product)
    return product


@transaction.atomic
def product_validate(*, product: Product, actor) -> Product:
    """Staff accept a pending listing: it becomes public and the vendor is told."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status != ListingStatus.PENDING:
        raise ValidationError(_("Only a pending listing can be validated."), code="invalid_state")
    product.status = ListingStatus.VALIDATED
    product.reviewed_at, product.reviewed_by = timezone.now(), actor
    product.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    _notify_vendor(product)
    return product


@transaction.atomic
def product_reject(*, product: Product, actor, reason: str) -> Product:
    """Staff refuse a pending listing with a reason the vendor reads."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": _("Say why the listing is rejected.")}, code="reason_required")
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status != ListingStatus.PENDING:
        raise ValidationError(_("Only a pending listing can be rejected."), code="invalid_state")
    product.status = ListingStatus.REJECTED
    product.rejection_reason = reason
    product.reviewed_at, product.reviewed_by = timezone.now(), actor
    product.save(update_fields=["status", "rejection_reason", "reviewed_at", "reviewed_by", "updated_at"])
    _notify_vendor(product)
    return product


def product_changed_reviewed_content(*, product: Product, changed: set[str]) -> Product:
    """A validated listing whose price, text or photos changed goes back to pending."""
    if product.status == ListingStatus.VALIDATED and changed & (REVIEWED_FIELDS | {"images"}):
        Product.objects.filter(pk=product.pk).update(
            status=ListingStatus.PENDING, submitted_at=timezone.now(), updated_at=timezone.now()
        )
        product.refresh_from_db(fields=["status", "submitted_at", "updated_at"])
    return product


# --- Photos -------------------------------------------------------------------------------------
def _enqueue(func: str, *args) -> None:
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(func, *args))


@transaction.atomic
def product_image_add(*, product: Product, upload, alt_text: str = "") -> ProductImage:
    """Check and store a photo (upright, without metadata); renditions and cut-out follow in jobs."""
    import uuid

    from django.core.files.base import ContentFile

    from .images import ALLOWED_FORMATS, encode, validate_image_upload

    clean = validate_image_upload(upload)
    Product.objects.select_for_update().filter(pk=product.pk).first()  # serialise "first photo is primary"
    has_primary = product.images.filter(is_primary=True).exists()
    position = product.images.count()
    image = ProductImage(product=product, alt_text=alt_text or product.title, is_primary=not has_primary, position=position)
    name = f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[clean.format]}"
    image.original.save(name, ContentFile(encode(clean, clean.format)), save=False)
    image.image.name = image.original.name
    image.save()
    _enqueue("marketplace.products.tasks.background_remove_task", image.pk)
    product_changed_reviewed_content(product=product, changed={"images"})
    return image


@transaction.atomic
def product_image_revert(*, image) -> ProductImage:
    """Show the original photo again instead of the cut-out."""
    image.image.name = image.original.name
    image.background_removed = False
    image.save(update_fields=["image", "background_removed", "updated_at"])
    _enqueue("marketplace.products.tasks.product_image_renditions", image.pk)
    return image
