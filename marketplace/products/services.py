"""Writes on listings: drafts, submission, staff review, SKU codes."""

import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.administration.selectors import platform_settings
from marketplace.common.jobs import enqueue_after_commit

from .dimensions import DIMENSIONS, MAX_CM, MAX_CUSTOM, MIN_CM
from .images import ALLOWED_FORMATS, encode, validate_image_upload
from .models import AuctionProduct, ListingStatus, Product, ProductImage, StoreProduct
from .signals import listing_validated
from .sku import sku_generate  # the wizard's submission numbers the listing; re-exported as the context's face

# Editing any of these on a validated listing sends it back to the validation queue.
REVIEWED_FIELDS = frozenset({"title", "title_en", "description", "description_en", "price", "starting_price", "reserve_price", "attributes"})


def _unique_slug(title: str) -> str:
    base = slugify(title)[:150] or "produs"
    slug = base
    while Product.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5).lower()}"
    return slug


def _notify_vendor(product: Product) -> None:
    enqueue_after_commit("marketplace.products.tasks.notify_listing_reviewed", product.pk)


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


def product_validation_refusal(product: Product) -> ValidationError | None:
    """Why this listing cannot be validated as it stands, or None (the review page shows it).

    Uses ``product.images.all()``, so a prefetched listing costs no query.
    """
    if not list(product.images.all()):
        return ValidationError(
            _("A listing needs at least one photo before it is validated. Reject it and ask the vendor for photos."),
            code="no_photo",
        )
    return None


@transaction.atomic
def product_validate(*, product: Product, actor) -> Product:
    """Staff accept a pending listing: it becomes public and the vendor is told."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status != ListingStatus.PENDING:
        raise ValidationError(_("Only a pending listing can be validated."), code="invalid_state")
    refusal = product_validation_refusal(product)
    if refusal is not None:
        raise refusal
    product.status = ListingStatus.VALIDATED
    product.reviewed_at, product.reviewed_by = timezone.now(), actor
    product.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    listing_validated.send(sender=Product, product=product)  # auctions opens an auction listing's auction
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
@transaction.atomic
def product_image_add(*, product: Product, upload, alt_text: str = "") -> ProductImage:
    """Check and store a photo (upright, without metadata); renditions and cut-out follow in jobs."""
    clean = validate_image_upload(upload)
    Product.objects.select_for_update().filter(pk=product.pk).first()  # serialise "first photo is primary"
    has_primary = product.images.filter(is_primary=True).exists()
    position = product.images.count()
    image = ProductImage(product=product, alt_text=alt_text or product.title, is_primary=not has_primary, position=position)
    name = f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[clean.format]}"
    image.original.save(name, ContentFile(encode(clean, clean.format)), save=False)
    image.image.name = image.original.name
    image.save()
    enqueue_after_commit("marketplace.products.tasks.background_remove_task", image.pk)
    product_changed_reviewed_content(product=product, changed={"images"})
    return image


@transaction.atomic
def product_image_revert(*, image) -> ProductImage:
    """Show the original photo again instead of the cut-out."""
    image.image.name = image.original.name
    image.background_removed = False
    image.save(update_fields=["image", "background_removed", "updated_at"])
    enqueue_after_commit("marketplace.products.tasks.product_image_renditions", image.pk)
    return image


# --- The six-step wizard ------------------------------------------------------------------------
# Steps 1-5 write the fields below; step 6 sets the price or the auction settings and submits.
WIZARD_LAST_STEP = 6
STEP_FIELDS: dict[int, tuple[str, ...]] = {
    1: ("title", "title_en", "category", "subcategory", "brand", "product_type", "condition"),
    2: ("size", "dimensions"),
    3: ("custom_dimensions",),
    4: ("material", "colour"),
    5: ("description", "description_en", "serial_number", "authenticity_notes"),
}


def product_is_committed(product: Product) -> bool:
    """True once a piece is promised to a buyer: an order line refers to it, or its auction has bids.

    Such a listing is no longer edited, moved to auction or deleted: the buyer bought what they saw.
    """
    # Through the reverse relations: the catalogue does not import orders or auctions.
    if product.order_items.exists():
        return True
    return Product.objects.filter(pk=product.pk, auctionproduct__auction__bids__isnull=False).exists()


def _drop_unbid_auction(product: Product) -> None:
    """A listing that stops being an auction (deleted, or sold at a fixed price instead) takes its
    bid-less auction with it; one with bids is never reached here (``_ensure_editable``)."""
    auction = getattr(getattr(product, "auctionproduct", None), "auction", None)
    if auction is not None and auction.bids_count == 0 and not auction.bids.exists():
        auction.delete()


def _lock(product: Product) -> Product:
    return Product.objects.select_for_update().get(pk=product.pk)


def _ensure_editable(product: Product) -> None:
    if product_is_committed(product):
        raise ValidationError(
            _("This piece is already sold or has bids: it can no longer be changed."), code="committed"
        )


def _check_step_fields(product: Product, step: int) -> None:
    """Rules between fields that the model alone does not hold."""
    errors: dict[str, str] = {}
    if step == 1 and product.subcategory_id and product.subcategory.category_id != product.category_id:
        errors["subcategory"] = _("This subcategory belongs to another category.")
    if step == 2:
        if product.size_id and not product.size.chart.categories.filter(pk=product.category_id).exists():
            errors["size"] = _("This size is not used in the chosen category.")
        allowed = set(product.category.preset_dimensions)
        for key, value in (product.dimensions or {}).items():
            if key not in allowed:
                errors["dimensions"] = _("“%(name)s” is not a measurement of this category.") % {
                    "name": DIMENSIONS.get(key, key)
                }
                break
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = None
            if number is None or not (MIN_CM <= number <= MAX_CM):
                errors[f"dim_{key}"] = _("Give a measurement between %(min)s and %(max)s cm.") % {
                    "min": MIN_CM, "max": MAX_CM
                }
    if step == 3:
        rows = product.custom_dimensions or []
        if len(rows) > MAX_CUSTOM:
            errors["custom_dimensions"] = _("At most %(n)s custom measurements.") % {"n": MAX_CUSTOM}
        names = [str(r.get("name", "")).strip().casefold() for r in rows]
        if len(names) != len(set(names)):
            errors["custom_dimensions"] = _("Each custom measurement needs its own name.")
    if errors:
        raise ValidationError(errors)


def _apply_and_validate(product: Product, step: int, data: dict) -> set[str]:
    fields = STEP_FIELDS[step]
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationError(_("Unexpected fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}, code="invalid")
    changed = set()
    for name, value in data.items():
        field = Product._meta.get_field(name)
        if field.is_relation:
            differs = getattr(product, field.attname) != (value.pk if value is not None else None)
        else:
            differs = getattr(product, name) != value
        if differs:
            changed.add(name)
            setattr(product, name, value)
    if step == 1 and "category" in changed:
        # Measurements and size of the old category do not describe the new one.
        preset = set(product.category.preset_dimensions)
        product.dimensions = {k: v for k, v in (product.dimensions or {}).items() if k in preset}
        if product.size_id and not product.size.chart.categories.filter(pk=product.category_id).exists():
            product.size = None
    exclude = [f.name for f in Product._meta.fields if f.name not in fields]
    product.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    _check_step_fields(product, step)
    return changed


@transaction.atomic
def product_draft_create(
    *, vendor, title: str, category, subcategory, brand, product_type: str, condition, title_en: str = ""
) -> Product:
    """Step 1 of the wizard: the draft exists from here on and can be resumed."""
    if not vendor.is_approved:
        raise ValidationError(_("Only an approved shop can list products."), code="vendor_not_approved")
    product = Product(vendor=vendor, status=ListingStatus.DRAFT, wizard_step=1, slug="x")
    data = {
        "title": (title or "").strip(), "title_en": (title_en or "").strip(), "category": category, "subcategory": subcategory, "brand": brand,
        "product_type": product_type, "condition": condition,
    }
    _apply_and_validate(product, 1, data)
    product.slug = _unique_slug(product.title)
    product.wizard_step = 2
    product.save()
    return product


@transaction.atomic
def product_step_save(*, product: Product, step: int, data: dict) -> Product:
    """Save one of the steps 1-5 of a draft or an existing listing.

    A step further than the one reached is refused; saving a step opens the next one. On a
    validated listing, a change of reviewed content (title, description) sends it back to review.
    """
    if step not in STEP_FIELDS:
        raise ValidationError(_("There is no such step."), code="invalid_step")
    product = _lock(product)
    _ensure_editable(product)
    if step > product.wizard_step:
        raise ValidationError(_("Finish step %(n)s first.") % {"n": product.wizard_step}, code="step_not_reached")
    changed = _apply_and_validate(product, step, data)
    product.wizard_step = max(product.wizard_step, step + 1)
    product.save()
    return product_changed_reviewed_content(product=product, changed=changed)


def _pricing_values(kind: str, values: dict) -> dict:
    errors: dict[str, str] = {}
    if kind == "store":
        price, stock = values.get("price"), values.get("stock")
        if price is None or price <= 0:
            errors["price"] = _("The price must be more than 0 lei.")
        if stock is None or stock < 1:
            errors["stock"] = _("There must be at least one piece in stock.")
        if errors:
            raise ValidationError(errors)
        return {"price": Decimal(price).quantize(Decimal("0.01")), "stock": int(stock)}
    if kind != "auction":
        raise ValidationError({"kind": _("Choose a fixed price or an auction.")}, code="invalid_kind")
    start, reserve = values.get("starting_price"), values.get("reserve_price")
    increment, hours = values.get("bid_increment"), values.get("duration_hours")
    if start is None or start <= 0:
        errors["starting_price"] = _("The starting price must be more than 0 lei.")
    elif reserve is not None and reserve < start:
        errors["reserve_price"] = _("The reserve price cannot be lower than the starting price.")
    if increment is not None and increment <= 0:
        errors["bid_increment"] = _("The bid increment must be more than 0 lei.")
    allowed = platform_settings().auction_duration_hours
    if hours not in allowed:
        errors["duration_hours"] = _("Choose one of the allowed durations: %(hours)s hours.") % {
            "hours": ", ".join(str(h) for h in allowed)
        }
    if errors:
        raise ValidationError(errors)
    return {"starting_price": start, "reserve_price": reserve, "bid_increment": increment, "duration_hours": hours}


def _become(product: Product, kind: str, values: dict) -> Product:
    """Make ``product`` a fixed-price or an auction listing, keeping its id, photos and SKU."""
    target, other = (StoreProduct, AuctionProduct) if kind == "store" else (AuctionProduct, StoreProduct)
    current = target.objects.filter(pk=product.pk).first()
    if current is None:
        stale = other.objects.filter(pk=product.pk).first()
        if stale is not None:
            if isinstance(stale, AuctionProduct):
                _drop_unbid_auction(product)
            stale.delete(keep_parents=True)
        current = target(product_ptr_id=product.pk)
        for field in Product._meta.concrete_fields:
            setattr(current, field.attname, getattr(product, field.attname))
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    return current


@transaction.atomic
def product_pricing_set(*, product: Product, kind: str, values: dict, submit: bool = True) -> Product:
    """Step 6: a fixed price and stock, or the auction settings; then a draft goes to review.

    Returns the StoreProduct or AuctionProduct. On a validated listing a new price sends it back
    to the validation queue.
    """
    product = _lock(product)
    _ensure_editable(product)
    if product.wizard_step < WIZARD_LAST_STEP:
        raise ValidationError(_("Finish step %(n)s first.") % {"n": product.wizard_step}, code="step_not_reached")
    clean = _pricing_values(kind, values)
    before_kind = product.kind
    before = {name: getattr(getattr(product, f"{before_kind}product", None), name, None) for name in clean}
    listing = _become(product, kind, clean)
    changed = {name for name, value in clean.items() if before.get(name) != value}
    if before_kind != kind:
        changed.add("price" if kind == "store" else "starting_price")
    product = Product.objects.get(pk=product.pk)
    if submit and product.status in (ListingStatus.DRAFT, ListingStatus.REJECTED):
        product_submit(product=product)
    else:
        product_changed_reviewed_content(product=product, changed=changed)
    return type(listing).objects.get(pk=product.pk)


@transaction.atomic
def product_move_to_auction(*, product: Product, values: dict) -> Product:
    """`submit_to_auction`: a fixed-price piece goes to auction instead; staff review it again."""
    if product.kind != "store":
        raise ValidationError(_("Only a fixed-price listing can be moved to an auction."), code="not_store")
    listing = product_pricing_set(product=product, kind="auction", values=values, submit=False)
    if listing.status == ListingStatus.VALIDATED:
        product_changed_reviewed_content(product=listing, changed={"starting_price"})
        listing.refresh_from_db()
    return listing


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Remove a listing that nobody has bought or bid on; its photo files go after commit."""
    product = _lock(product)
    _ensure_editable(product)
    files = [
        (f.storage, f.name)
        for image in product.images.all()
        for f in (image.original, image.image)
        if f.name
    ] + [
        (image.image.storage, name) for image in product.images.all() for name in image.renditions.values()
    ]
    _drop_unbid_auction(product)
    product.delete()

    def remove_files():
        for storage, name in set(files):
            storage.delete(name)

    transaction.on_commit(remove_files)


@transaction.atomic
def product_image_delete(*, image: ProductImage) -> None:
    """Remove a photo; if it was the main one, the next photo becomes the main one."""
    product = _lock(image.product)
    _ensure_editable(product)
    was_primary = image.is_primary
    image.delete()
    if was_primary:
        following = product.images.order_by("position", "pk").first()
        if following is not None:
            following.is_primary = True
            following.save(update_fields=["is_primary", "updated_at"])
    product_changed_reviewed_content(product=product, changed={"images"})


@transaction.atomic
def product_image_make_primary(*, image: ProductImage) -> ProductImage:
    product = _lock(image.product)
    _ensure_editable(product)
    product.images.filter(is_primary=True).exclude(pk=image.pk).update(is_primary=False)
    image.is_primary = True
    image.save(update_fields=["is_primary", "updated_at"])
    product_changed_reviewed_content(product=product, changed={"images"})
    return image
