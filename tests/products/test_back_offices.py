import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.products.models import Product
from marketplace.products.services import product_image_add, product_submit
from tests.factories import (
    UserFactory,
    approved_vendor,
    jpeg_bytes,
    login_with_second_factor,
    shop_manager,
    store_product,
)

pytestmark = pytest.mark.django_db


def pending_product(vendor, **kwargs):
    product = store_product(vendor, **kwargs)
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    return product_submit(product=product)


def test_queue_lists_pending_oldest_first_and_review_validates(client, django_capture_on_commit_callbacks):
    vendor = approved_vendor()
    older = pending_product(vendor, title="Older")
    newer = pending_product(vendor, title="Newer")
    store_product(vendor, title="Still a draft")
    login_with_second_factor(client, shop_manager())
    queue = client.get(reverse("admin:products_listingawaitingreview_changelist"))
    assert queue.status_code == 200
    assert list(queue.context["cl"].result_list) == [older, newer]

    page = client.get(reverse("validate_post", args=[older.pk]))
    assert page.status_code == 200 and "Older" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("validate_post", args=[older.pk]), {"decision": "validate"})
    assert response.status_code == 302
    assert Product.objects.get(pk=older.pk).status == "validated"
    assert mail.outbox[-1].to == [vendor.user.email]


def test_reject_without_reason_is_refused_and_changes_nothing(client):
    product = pending_product(approved_vendor())
    login_with_second_factor(client, shop_manager())
    response = client.post(reverse("validate_post", args=[product.pk]), {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Spuneți de ce este respins anunțul." in response.content.decode()
    assert Product.objects.get(pk=product.pk).status == "pending"
    client.post(reverse("validate_post", args=[product.pk]), {"decision": "reject", "reason": "Lipsește fotografia seriei."})
    product.refresh_from_db()
    assert product.status == "rejected" and product.rejection_reason == "Lipsește fotografia seriei."


def test_only_reviewers_reach_the_queue(client):
    product = pending_product(approved_vendor())
    login_with_second_factor(client, UserFactory(roles=["support-agent"], is_staff=True))
    assert client.get(reverse("validate_post", args=[product.pk])).status_code == 403
    assert client.post(reverse("validate_post", args=[product.pk]), {"decision": "validate"}).status_code == 403
    assert Product.objects.get(pk=product.pk).status == "pending"


def test_vendor_sees_only_their_products_in_every_door(client):
    mine, theirs = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    a = store_product(mine, title="Geanta lui A")
    b = store_product(theirs, title="Geanta lui B")
    for me, own, other in [(mine, a, b), (theirs, b, a)]:
        login_with_second_factor(client, me.user)
        listing = client.get(reverse("vendors:products_product_changelist"))
        assert list(listing.context["cl"].result_list) == [Product.objects.get(pk=own.pk)]
        assert other.title not in listing.content.decode()
        assert client.get(reverse("vendors:products_product_change", args=[own.pk])).status_code == 200
        assert client.get(reverse("vendors:products_product_change", args=[other.pk])).status_code == 302


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def make_products(vendor, n):
    for i in range(n):
        product = store_product(vendor, title=f"Piesa {i}", status="pending")
        product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(size=(8, 8)), content_type="image/jpeg"))


@pytest.mark.parametrize("site", ["staff", "vendor"])
def test_product_changelists_cost_the_same_queries_for_5_and_100(client, site):
    vendor = approved_vendor()
    if site == "staff":
        login_with_second_factor(client, UserFactory(roles=["admin"], is_staff=True, is_superuser=True))
        url = reverse("admin:products_product_changelist") + "?all="
    else:
        login_with_second_factor(client, vendor.user)
        url = reverse("vendors:products_product_changelist")
    make_products(vendor, 5)
    few = count_queries(client, url)
    make_products(vendor, 95)
    assert count_queries(client, url) == few
