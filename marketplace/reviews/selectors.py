"""Reads on seller reviews and the seller's public card (shop, since when, pieces sold, rating)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from marketplace.orders.models import Order, OrderItem, Shipment
from marketplace.vendors.models import VendorProfile

from .models import Review

# An order in one of these states is a sale that happened (cancelled, returned and refunded ones are not).
SOLD_STATES = (
    Order.Status.PAID, Order.Status.AWB_GENERATED, Order.Status.SHIPPED, Order.Status.DELIVERED,
    Order.Status.COMPLETED, Order.Status.RETURN_REQUESTED,
)


@dataclass(frozen=True)
class SellerCard:
    vendor_id: int
    shop_name: str
    slug: str
    since: datetime
    pieces_sold: int
    rating: Decimal | None
    rating_count: int
    is_private_seller: bool


def seller_pieces_sold(*, vendor_id: int) -> int:
    total = (
        OrderItem.objects.filter(vendor_id=vendor_id, order__status__in=SOLD_STATES, shipment__cancelled_at__isnull=True)
        .aggregate(n=Sum("quantity"))["n"]
    )
    return total or 0


def seller_card(*, vendor: VendorProfile) -> SellerCard:
    """What a buyer sees of a seller beside a piece: one query (the pieces sold); the rating is on the row."""
    return SellerCard(
        vendor_id=vendor.pk, shop_name=vendor.shop_name, slug=vendor.slug, since=vendor.created_at,
        pieces_sold=seller_pieces_sold(vendor_id=vendor.pk), rating=vendor.rating_average,
        rating_count=vendor.rating_count, is_private_seller=vendor.is_private_seller,
    )


def public_vendor(*, slug: str) -> VendorProfile:
    """An approved shop by its slug; VendorProfile.DoesNotExist for any other."""
    return VendorProfile.objects.get(slug=slug, status=VendorProfile.Status.APPROVED)


def vendor_reviews_public(*, vendor_id: int) -> QuerySet[Review]:
    """The shop's visible reviews, newest first, with what a review shows (one query per page)."""
    return (
        Review.objects.filter(vendor_id=vendor_id, is_hidden=False)
        .select_related("buyer")
        .only("pk", "rating", "comment", "reply", "replied_at", "created_at", "vendor_id", "buyer__first_name",
              "buyer__last_name")
        .order_by("-created_at", "-pk")
    )


def reviewer_name(review: Review) -> str:
    """A reviewer as others see them: first name and the last name's initial, never the e-mail."""
    first = (review.buyer.first_name or "").strip()
    last = (review.buyer.last_name or "").strip()
    if not first:
        return _("A buyer")
    return f"{first} {last[:1]}." if last else first


def vendor_reviews_for_owner(*, vendor: VendorProfile) -> QuerySet[Review]:
    """Every review of the vendor's own shop (hidden ones too, so they know), for the vendor site."""
    return Review.objects.filter(vendor=vendor).select_related("order", "buyer")


def order_review_rows(*, order: Order) -> list[dict]:
    """Per seller of a buyer's order: the shop, whether it may be rated now, and the review if written."""
    shipments = list(
        Shipment.objects.filter(order=order).select_related("vendor").order_by("pk")
    )
    reviews = {review.vendor_id: review for review in Review.objects.filter(order=order)}
    open_to_review = order.status == Order.Status.COMPLETED
    return [
        {
            "shipment": shipment,
            "vendor": shipment.vendor,
            "review": reviews.get(shipment.vendor_id),
            "can_review": open_to_review and shipment.cancelled_at is None and shipment.vendor_id not in reviews,
        }
        for shipment in shipments
    ]
