"""Writes on seller reviews: the buyer rates once per order and seller, the seller answers once, staff hide.

Each write that changes what counts (a new review, hiding, showing again) recomputes the seller's rating
on ``VendorProfile`` under the seller's row lock, so two reviews arriving together both count.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.errors import NotFound
from marketplace.orders.models import Order, Shipment
from marketplace.vendors.models import VendorProfile

from .models import COMMENT_MAX, REPLY_MAX, Review


def _recompute_rating(vendor_id: int) -> None:
    """The seller's rating from their visible reviews; the caller holds the seller's row lock."""
    figures = Review.objects.filter(vendor_id=vendor_id, is_hidden=False).aggregate(avg=Avg("rating"), n=Count("pk"))
    average = None
    if figures["n"]:
        average = Decimal(str(figures["avg"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    VendorProfile.objects.filter(pk=vendor_id).update(rating_average=average, rating_count=figures["n"])


def _lock_vendor(vendor_id: int) -> None:
    list(VendorProfile.objects.select_for_update().filter(pk=vendor_id).values_list("pk", flat=True))


def _parse_rating(rating) -> int:
    try:
        value = int(str(rating).strip())
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": ValidationError(_("Choose a rating from 1 to 5 stars."), code="invalid_rating")})
    return value


def _clean_text(text, *, field: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise ValidationError({field: ValidationError(
            _("At most %(limit)s characters.") % {"limit": limit}, code="max_length"
        )})
    return text


def reviewable_shipment(*, buyer, order: Order | int, vendor: VendorProfile | int) -> Shipment:
    """The shipment a buyer may review, or a refusal: another buyer's order is not found, an open one not allowed."""
    order_id = getattr(order, "pk", order)
    vendor_id = getattr(vendor, "pk", vendor)
    shipment = (
        Shipment.objects.select_related("order", "vendor")
        .filter(order_id=order_id, vendor_id=vendor_id, order__buyer=buyer)
        .first()
    )
    if shipment is None:
        raise NotFound(_("No such order."))
    if shipment.order.status != Order.Status.COMPLETED or shipment.cancelled_at is not None:
        raise ValidationError(
            _("You can rate the seller once the order is completed."), code="review_not_allowed"
        )
    return shipment


def review_create(*, buyer, order: Order | int, vendor: VendorProfile | int, rating, comment: str = "") -> Review:
    """The buyer's one review of one seller for one completed order (a second one is refused: ``already_reviewed``).

    The unique constraint on (order, seller) decides between two requests racing each other.
    """
    value = _parse_rating(rating)
    text = _clean_text(comment, field="comment", limit=COMMENT_MAX)
    shipment = reviewable_shipment(buyer=buyer, order=order, vendor=vendor)
    try:
        with transaction.atomic():
            _lock_vendor(shipment.vendor_id)
            review = Review.objects.create(
                shipment=shipment, order_id=shipment.order_id, vendor_id=shipment.vendor_id, buyer=buyer,
                rating=value, comment=text,
            )
            _recompute_rating(shipment.vendor_id)
    except IntegrityError:
        raise ValidationError(
            _("You have already rated this seller for this order."), code="already_reviewed"
        ) from None
    return review


def review_reply(*, vendor: VendorProfile, review: Review | int, text: str) -> Review:
    """The seller's one public answer to a review of their shop (a second one: ``already_answered``)."""
    review_id = getattr(review, "pk", review)
    body = _clean_text(text, field="reply", limit=REPLY_MAX)
    if not body:
        raise ValidationError({"reply": ValidationError(_("Write your answer."), code="required")})
    with transaction.atomic():
        row = Review.objects.select_for_update().filter(pk=review_id, vendor=vendor).first()
        if row is None:
            raise NotFound(_("No such review."))
        if row.reply:
            raise ValidationError(_("You have already answered this review."), code="already_answered")
        row.reply = body
        row.replied_at = timezone.now()
        row.save(update_fields=["reply", "replied_at", "updated_at"])
    return row


def review_hide(*, actor, review: Review | int, reason: str) -> Review:
    """Staff hide a review from every page (it leaves the rating); the reason is kept for the record."""
    review_id = getattr(review, "pk", review)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why the review is hidden."), code="reason_required")})
    reason = _clean_text(reason, field="reason", limit=500)
    with transaction.atomic():
        row = Review.objects.select_for_update().filter(pk=review_id).first()
        if row is None:
            raise NotFound(_("No such review."))
        _lock_vendor(row.vendor_id)
        row.is_hidden, row.hidden_reason, row.hidden_at, row.hidden_by = True, reason, timezone.now(), actor
        row.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by", "updated_at"])
        _recompute_rating(row.vendor_id)
    return row


def review_show(*, actor, review: Review | int) -> Review:
    """Staff show a hidden review again (it counts in the rating again)."""
    review_id = getattr(review, "pk", review)
    with transaction.atomic():
        row = Review.objects.select_for_update().filter(pk=review_id).first()
        if row is None:
            raise NotFound(_("No such review."))
        _lock_vendor(row.vendor_id)
        row.is_hidden, row.hidden_reason, row.hidden_at, row.hidden_by = False, "", None, None
        row.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by", "updated_at"])
        _recompute_rating(row.vendor_id)
    return row
