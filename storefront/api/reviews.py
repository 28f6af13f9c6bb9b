"""Shops and their reviews: a shop's card (since when, pieces sold, rating), its visible reviews, and the
buyer's review of a completed order's shop (once per order and shop). Doors to ``marketplace.reviews``."""

from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from marketplace.reviews import selectors
from marketplace.reviews.services import review_create
from marketplace.vendors.models import VendorProfile

from .schemas import ErrorOut, Id

shops_router = Router(tags=["shops"])
reviews_router = Router(tags=["shops"], auth=django_auth)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PAGE = 20


class ShopOut(Schema):
    slug: str
    shop_name: str
    url: str
    private_seller: bool
    since: str
    pieces_sold: int
    rating: str | None = Field(description="average of the visible reviews, 1–5; null before the first")
    reviews: int


class ReviewOut(Schema):
    id: int
    rating: int
    comment: str
    reviewer: str
    created_at: str
    reply: str
    replied_at: str | None


class ReviewPageOut(Schema):
    items: list[ReviewOut]
    next_page: int | None


class ReviewIn(Schema):
    order_id: Id
    vendor_id: Id
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2000)


def _shop(slug: str) -> VendorProfile:
    try:
        return selectors.public_vendor(slug=slug)
    except VendorProfile.DoesNotExist:
        raise Http404 from None


def _review_out(review, name: str | None = None) -> dict:
    return {
        "id": review.pk, "rating": review.rating, "comment": review.comment,
        "reviewer": name if name is not None else selectors.reviewer_name(review),
        "created_at": review.created_at.isoformat(), "reply": review.reply,
        "replied_at": review.replied_at.isoformat() if review.replied_at else None,
    }


@shops_router.get("/{slug}", response={200: ShopOut, **ERRORS})
def shop_detail(request, slug: str):
    """A shop's public card: since when it sells here, pieces sold, its rating."""
    vendor = _shop(slug[:140])
    card = selectors.seller_card(vendor=vendor)
    return {
        "slug": vendor.slug, "shop_name": vendor.shop_name, "url": reverse("shop_detail", args=[vendor.slug]),
        "private_seller": vendor.is_private_seller, "since": card.since.date().isoformat(),
        "pieces_sold": card.pieces_sold, "rating": None if card.rating is None else str(card.rating),
        "reviews": card.rating_count,
    }


@shops_router.get("/{slug}/reviews", response={200: ReviewPageOut, **ERRORS})
def shop_reviews(request, slug: str, page: int = Query(1, ge=1, le=10_000)):
    """The shop's visible reviews, newest first, twenty a page (hidden ones are never listed)."""
    vendor = _shop(slug[:140])
    start = (page - 1) * PAGE
    rows = list(selectors.vendor_reviews_public(vendor_id=vendor.pk)[start : start + PAGE + 1])
    return {"items": [_review_out(r) for r in rows[:PAGE]], "next_page": page + 1 if len(rows) > PAGE else None}


@reviews_router.post("/", response={201: ReviewOut, **ERRORS})
def review_post(request, payload: ReviewIn):
    """Rate a shop of one of your completed orders: once per order and shop (409 ``already_reviewed``)."""
    review = review_create(
        buyer=request.user, order=payload.order_id, vendor=payload.vendor_id,
        rating=payload.rating, comment=payload.comment,
    )
    return Status(201, _review_out(review, selectors.reviewer_name(review)))
