"""A listing without any photo cannot be validated (issue 11, item 6): the products service
refuses with the stable code ``no_photo`` and the reviewer's page says why the button is off."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.products.models import ListingStatus, Product
from marketplace.products.services import product_image_add, product_validate
from tests.factories import approved_vendor, jpeg_bytes, login_with_second_factor, shop_manager, store_product

pytestmark = pytest.mark.django_db


def pending_without_photo():
    # e.g. its only photo was removed after it was submitted, or it came in through an import
    return store_product(approved_vendor(), status="pending", title="Geantă fără poze")


def test_the_service_refuses_a_listing_without_photos_with_a_stable_code():
    product = pending_without_photo()
    with pytest.raises(ValidationError) as refused:
        product_validate(product=product, actor=shop_manager())
    assert refused.value.code == "no_photo"
    assert Product.objects.get(pk=product.pk).status == ListingStatus.PENDING


def test_with_a_photo_it_is_validated():
    product = pending_without_photo()
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    assert product_validate(product=product, actor=shop_manager()).status == ListingStatus.VALIDATED


def test_the_reviewer_sees_why_the_button_is_refused(client):
    product = pending_without_photo()
    login_with_second_factor(client, shop_manager())
    url = reverse("validate_post", args=[product.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "data-refusal=\"no_photo\"" in body
    assert "cel puțin o fotografie" in body  # in Romanian, the reviewer's language
    assert 'value="validate" disabled' in body
    # a forged POST is refused with the same reason, nothing changes
    response = client.post(url, {"decision": "validate"})
    assert response.status_code == 400 and "cel puțin o fotografie" in response.content.decode()
    assert Product.objects.get(pk=product.pk).status == ListingStatus.PENDING
    # rejecting stays possible
    assert client.post(url, {"decision": "reject", "reason": "Adăugați fotografii."}).status_code == 302
    assert Product.objects.get(pk=product.pk).status == ListingStatus.REJECTED


def test_a_get_of_the_review_page_changes_nothing(client):
    product = pending_without_photo()
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    login_with_second_factor(client, shop_manager())
    page = client.get(reverse("validate_post", args=[product.pk]), {"decision": "validate"})
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Product.objects.get(pk=product.pk).status == ListingStatus.PENDING
