"""Two taps on "Send review" at the same moment: one review, the other told it exists (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from marketplace.reviews.models import Review
from marketplace.reviews.services import review_create
from marketplace.vendors.models import VendorProfile

from .helpers import completed_order

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL"),
]


def test_eight_concurrent_reviews_of_one_order_make_exactly_one():
    order = completed_order()
    vendor = order.shipments.get().vendor
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def send(rating):
        try:
            barrier.wait()
            review_create(buyer=order.buyer, order=order.pk, vendor=vendor.pk, rating=rating)
            result = "review"
        except ValidationError as exc:
            result = exc.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=send, args=(1 + i % 5,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("review") == 1 and outcomes.count("already_reviewed") == 7
    assert Review.objects.filter(order=order).count() == 1
    vendor = VendorProfile.objects.get(pk=vendor.pk)
    assert vendor.rating_count == 1 and vendor.rating_average == Review.objects.get(order=order).rating

