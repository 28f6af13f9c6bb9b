"""Seller reviews: once per completed order and seller, one answer, staff hide with a reason; the rating follows."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from marketplace.common.errors import NotFound
from marketplace.reviews import selectors
from marketplace.reviews.models import Review
from marketplace.reviews.services import review_create, review_hide, review_reply, review_show
from marketplace.vendors.models import VendorProfile
from tests.factories import approved_vendor, buyable, customer, shop_manager
from tests.orders.helpers import place_order

from .helpers import completed_order

pytestmark = pytest.mark.django_db


def vendor_of(order) -> VendorProfile:
    return order.shipments.get().vendor


def test_buyer_rates_the_seller_of_a_completed_order_and_the_rating_is_kept_on_the_shop():
    order = completed_order()
    vendor = vendor_of(order)
    review = review_create(buyer=order.buyer, order=order, vendor=vendor, rating="4", comment="  Ca nouă, livrare rapidă ")
    assert review.rating == 4 and review.comment == "Ca nouă, livrare rapidă"
    vendor.refresh_from_db()
    assert vendor.rating_average == Decimal("4.00") and vendor.rating_count == 1
    # a second order of the same shop, rated 5: the average moves
    second = completed_order(buyer=order.buyer, products=[buyable(vendor, title="Eșarfă")])
    review_create(buyer=order.buyer, order=second, vendor=vendor, rating=5)
    vendor.refresh_from_db()
    assert vendor.rating_average == Decimal("4.50") and vendor.rating_count == 2


def test_only_once_per_order_and_seller():
    order = completed_order()
    review_create(buyer=order.buyer, order=order, vendor=vendor_of(order), rating=5)
    with pytest.raises(ValidationError) as exc:
        review_create(buyer=order.buyer, order=order, vendor=vendor_of(order), rating=1)
    assert exc.value.code == "already_reviewed"
    assert Review.objects.count() == 1


def test_an_order_not_completed_cannot_be_rated():
    order = place_order(customer(), [buyable(approved_vendor())])
    with pytest.raises(ValidationError) as exc:
        review_create(buyer=order.buyer, order=order, vendor=vendor_of(order), rating=5)
    assert exc.value.code == "review_not_allowed"


def test_another_buyers_order_is_not_found():
    order = completed_order()
    with pytest.raises(NotFound):
        review_create(buyer=customer(), order=order, vendor=vendor_of(order), rating=5)
    with pytest.raises(NotFound):  # a shop that is not in the order
        review_create(buyer=order.buyer, order=order, vendor=approved_vendor(), rating=5)


@pytest.mark.parametrize("rating", ["0", "6", "", "patru", None, "4.5"])
def test_rating_must_be_one_to_five(rating):
    order = completed_order()
    with pytest.raises(ValidationError) as exc:
        review_create(buyer=order.buyer, order=order, vendor=vendor_of(order), rating=rating)
    assert exc.value.error_dict["rating"][0].code == "invalid_rating"
    assert not Review.objects.exists()


def test_comment_too_long_is_refused():
    order = completed_order()
    with pytest.raises(ValidationError) as exc:
        review_create(buyer=order.buyer, order=order, vendor=vendor_of(order), rating=5, comment="a" * 2001)
    assert "comment" in exc.value.error_dict


def test_seller_answers_once_and_only_their_own_reviews():
    order = completed_order()
    vendor = vendor_of(order)
    review = review_create(buyer=order.buyer, order=order, vendor=vendor, rating=3)
    with pytest.raises(NotFound):
        review_reply(vendor=approved_vendor(), review=review, text="Nu e al meu")
    with pytest.raises(ValidationError):
        review_reply(vendor=vendor, review=review, text="   ")
    answered = review_reply(vendor=vendor, review=review, text="Mulțumim!")
    assert answered.reply == "Mulțumim!" and answered.replied_at is not None
    with pytest.raises(ValidationError) as exc:
        review_reply(vendor=vendor, review=review, text="Încă o dată")
    assert exc.value.code == "already_answered"
    assert Review.objects.get().reply == "Mulțumim!"


def test_staff_hide_with_a_reason_and_the_rating_leaves_it_out():
    order = completed_order()
    vendor = vendor_of(order)
    low = review_create(buyer=order.buyer, order=order, vendor=vendor, rating=1, comment="insultă")
    other = completed_order(products=[buyable(vendor, title="Pantofi")])
    review_create(buyer=other.buyer, order=other, vendor=vendor, rating=5)
    staff = shop_manager()
    with pytest.raises(ValidationError) as exc:
        review_hide(actor=staff, review=low, reason=" ")
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    hidden = review_hide(actor=staff, review=low, reason="Limbaj jignitor")
    assert hidden.is_hidden and hidden.hidden_reason == "Limbaj jignitor" and hidden.hidden_by == staff
    vendor.refresh_from_db()
    assert vendor.rating_average == Decimal("5.00") and vendor.rating_count == 1
    assert [r.pk for r in selectors.vendor_reviews_public(vendor_id=vendor.pk)] == [other.reviews.get().pk]
    review_show(actor=staff, review=low)
    vendor.refresh_from_db()
    assert vendor.rating_average == Decimal("3.00") and vendor.rating_count == 2


def test_seller_card_counts_pieces_sold_and_reads_the_rating_from_the_row(django_assert_num_queries):
    vendor = approved_vendor()
    order = completed_order(products=[buyable(vendor), buyable(vendor, title="Curea")])
    place_order(customer(), [buyable(vendor, title="Anulată")])  # awaiting payment (cash on delivery: placed)
    review_create(buyer=order.buyer, order=order, vendor=vendor, rating=5)
    vendor.refresh_from_db()
    with django_assert_num_queries(1):
        card = selectors.seller_card(vendor=vendor)
    assert card.rating == Decimal("5.00") and card.rating_count == 1
    assert card.pieces_sold >= 2 and card.shop_name == vendor.shop_name


def test_reviewer_is_shown_by_first_name_and_initial_never_the_email():
    order = completed_order(buyer=customer(first_name="Ana", last_name="Popescu"))
    review_create(buyer=order.buyer, order=order, vendor=vendor_of(order), rating=5)
    review = selectors.vendor_reviews_public(vendor_id=vendor_of(order).pk).get()
    assert selectors.reviewer_name(review) == "Ana P."
    nameless = completed_order()
    review_create(buyer=nameless.buyer, order=nameless, vendor=vendor_of(nameless), rating=4)
    review = selectors.vendor_reviews_public(vendor_id=vendor_of(nameless).pk).get()
    assert "@" not in selectors.reviewer_name(review)


def test_the_database_refuses_a_second_review_of_the_same_order_and_seller():
    """The constraint itself, not only the service's check: a raw second row fails."""
    order = completed_order()
    shipment = order.shipments.get()
    Review.objects.create(shipment=shipment, order=order, vendor=shipment.vendor, buyer=order.buyer, rating=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(shipment=shipment, order=order, vendor=shipment.vendor, buyer=order.buyer, rating=1)
