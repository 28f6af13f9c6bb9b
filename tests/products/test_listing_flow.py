from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from marketplace.products.models import ListingStatus, Product, ProductImage, SKUCode, StoreProduct
from marketplace.products.services import (
    product_changed_reviewed_content,
    product_image_add,
    product_reject,
    product_submit,
    product_validate,
    sku_generate,
)
from tests.factories import approved_vendor, jpeg_bytes, shop_manager, store_product

pytestmark = pytest.mark.django_db


def with_photo(product):
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    return product


def test_submit_then_validate_notifies_the_vendor(django_capture_on_commit_callbacks):
    vendor = approved_vendor()
    product = with_photo(store_product(vendor))
    product = product_submit(product=product)
    assert product.status == ListingStatus.PENDING and product.submitted_at
    assert SKUCode.objects.get(product=product).code.startswith("HERM-GEN-")
    with django_capture_on_commit_callbacks(execute=True):
        product_validate(product=product, actor=shop_manager())
    assert Product.objects.get(pk=product.pk).status == ListingStatus.VALIDATED
    assert mail.outbox[-1].to == [vendor.user.email]
    assert "Birkin" in mail.outbox[-1].subject


def test_reject_needs_a_reason_the_vendor_reads(django_capture_on_commit_callbacks):
    vendor = approved_vendor()
    product = product_submit(product=with_photo(store_product(vendor)))
    with pytest.raises(ValidationError):
        product_reject(product=product, actor=shop_manager(), reason="  ")
    assert Product.objects.get(pk=product.pk).status == ListingStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        product_reject(product=product, actor=shop_manager(), reason="Fotografiile nu arată seria.")
    assert "Fotografiile nu arată seria." in mail.outbox[-1].body
    # mended and submitted again
    assert product_submit(product=product).status == ListingStatus.PENDING


def test_a_draft_without_photo_or_price_cannot_be_submitted():
    vendor = approved_vendor()
    with pytest.raises(ValidationError):
        product_submit(product=store_product(vendor))  # no photo
    validated = with_photo(store_product(vendor, status="validated"))
    with pytest.raises(ValidationError):
        product_submit(product=validated)


def test_editing_price_or_photos_of_a_validated_listing_sends_it_back_to_pending():
    product = store_product(approved_vendor(), status="validated")
    product_changed_reviewed_content(product=product, changed={"stock"})
    assert Product.objects.get(pk=product.pk).status == "validated"
    product_changed_reviewed_content(product=product, changed={"price"})
    assert Product.objects.get(pk=product.pk).status == "pending"


def test_database_constraints_hold():
    vendor = approved_vendor()
    product = store_product(vendor)
    with pytest.raises(IntegrityError), transaction.atomic():
        StoreProduct.objects.filter(pk=product.pk).update(price=Decimal("0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        StoreProduct.objects.filter(pk=product.pk).update(stock=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(status="rejected", rejection_reason="")
    first = with_photo(product).images.get()
    assert first.is_primary
    second = product_image_add(product=product, upload=SimpleUploadedFile("b.jpg", jpeg_bytes(), content_type="image/jpeg"))
    assert not second.is_primary
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductImage.objects.filter(pk=second.pk).update(is_primary=True)


def test_sku_codes_stay_unique_under_repeated_generation():
    vendor = approved_vendor()
    products = [store_product(vendor, title=f"Geantă {n}") for n in range(30)]
    codes = [sku_generate(product=p).code for p in products]
    again = [sku_generate(product=p).code for p in products]
    assert codes == again  # generating twice keeps the code
    assert len(set(codes)) == 30
    assert codes[0] == "HERM-GEN-000001" and codes[-1] == "HERM-GEN-000030"
    with pytest.raises(IntegrityError), transaction.atomic():
        SKUCode.objects.create(product=store_product(vendor, title="Alta"), code=codes[0])
