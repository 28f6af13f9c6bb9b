"""Staff hide a review with a reason (and show it again); the shop answers once from the vendor site."""

import pytest
from django.urls import reverse

from marketplace.reviews.models import Review
from marketplace.reviews.services import review_create
from tests.factories import approved_vendor, buyable, login_with_second_factor, shop_manager

from .helpers import completed_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    order = completed_order()
    vendor = order.shipments.get().vendor
    return review_create(buyer=order.buyer, order=order, vendor=vendor, rating=1, comment="Nu recomand")


def test_staff_list_and_hide_a_review_with_a_reason_then_show_it(client, review):
    login_with_second_factor(client, shop_manager())
    assert "Nu recomand" in client.get(reverse("admin:reviews_review_changelist")).content.decode()
    hide = reverse("admin:reviews_review_hide_review", args=[review.pk])
    page = client.get(hide)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    assert client.post(hide, {"reason": ""}).status_code == 400  # a reason is required
    assert not Review.objects.get(pk=review.pk).is_hidden
    assert client.post(hide, {"reason": "Conține date personale"}).status_code == 302
    review.refresh_from_db()
    assert review.is_hidden and review.hidden_reason == "Conține date personale"
    assert review.vendor.__class__.objects.get(pk=review.vendor_id).rating_count == 0
    assert client.get(hide).status_code == 403  # not offered twice
    show = reverse("admin:reviews_review_show_review", args=[review.pk])
    assert client.post(show).status_code == 302
    assert not Review.objects.get(pk=review.pk).is_hidden


def test_vendor_answers_its_own_review_once_and_never_sees_another_shops(client, review):
    login_with_second_factor(client, review.vendor.user)
    changelist = client.get(reverse("vendors:reviews_review_changelist"))
    assert changelist.status_code == 200 and "Nu recomand" in changelist.content.decode()
    answer = reverse("vendors:reviews_review_answer", args=[review.pk])
    assert client.post(answer, {"reply": "Ne pare rău, vă contactăm."}).status_code == 302
    assert Review.objects.get(pk=review.pk).reply == "Ne pare rău, vă contactăm."
    assert client.get(answer).status_code == 403  # answered once
    other_vendor = approved_vendor()
    other_order = completed_order(products=[buyable(other_vendor)])
    other = review_create(buyer=other_order.buyer, order=other_order, vendor=other_vendor, rating=5)
    assert client.get(reverse("vendors:reviews_review_change", args=[other.pk])).status_code in (302, 404)
    assert client.post(reverse("vendors:reviews_review_answer", args=[other.pk]), {"reply": "x"}).status_code in (403, 404)
    assert Review.objects.get(pk=other.pk).reply == ""
