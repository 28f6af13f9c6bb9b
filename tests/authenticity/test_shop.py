"""In the shop: a vendor asks for their own listing only; a valid certificate shows a badge and answers the catalogue filter."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doors.errors import error_code
from marketplace.authenticity import services
from marketplace.authenticity.models import AuthenticationRequest, Certificate
from marketplace.common.errors import NotFound
from marketplace.products.models import ProductImage
from tests.factories import UserFactory, approved_vendor, buyable, jpeg_bytes, login_with_second_factor

pytestmark = pytest.mark.django_db


def with_photos(product, n=3):
    for index in range(n):
        image = ProductImage(product=product, position=index, is_primary=index == 0)
        image.original.save(f"t{product.pk}-{index}.jpg", ContentFile(jpeg_bytes(colour=(index * 40, 10, 10))), save=False)
        image.image.name = image.original.name
        image.save()
    return product


def certify(product, vendor):
    request = services.authentication_request_for_listing(user=vendor.user, product_id=product.pk, category="bags")
    services.authentication_review(request=request, actor=UserFactory(is_staff=True), verdict="genuine")
    return Certificate.objects.get(request=request)


@pytest.fixture
def vendor_a(db):
    return approved_vendor()


def test_a_vendor_asks_for_their_own_listing_with_its_photos(vendor_a):
    product = with_photos(buyable(vendor_a))
    request = services.authentication_request_for_listing(user=vendor_a.user, product_id=product.pk, category="bags")
    assert request.status == AuthenticationRequest.Status.PENDING and request.product_id == product.pk
    assert request.photos.count() == 3 and request.email == vendor_a.user.email
    with pytest.raises(ValidationError) as twice:
        services.authentication_request_for_listing(user=vendor_a.user, product_id=product.pk, category="bags")
    assert error_code(twice.value) == "duplicate"


def test_vendor_a_cannot_ask_for_vendor_bs_listing(client, vendor_a):
    vendor_b = approved_vendor()
    theirs = with_photos(buyable(vendor_b))
    with pytest.raises(NotFound):
        services.authentication_request_for_listing(user=vendor_a.user, product_id=theirs.pk, category="bags")

    login_with_second_factor(client, vendor_a.user)
    add = reverse("vendors:authenticity_authenticationrequest_add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"product": theirs.pk, "category": "bags", "details": ""})
    assert response.status_code == 200  # the form refuses: not one of their listings
    assert not AuthenticationRequest.objects.exists()

    mine = with_photos(buyable(vendor_a, title="Geantă Kelly 25"))
    response = client.post(add, {"product": mine.pk, "category": "bags", "details": "cu factură"})
    assert response.status_code == 302
    assert AuthenticationRequest.objects.get().product_id == mine.pk
    listing = client.get(reverse("vendors:authenticity_authenticationrequest_changelist")).content.decode()
    assert "Kelly 25" in listing


def test_too_few_listing_photos_are_refused(vendor_a):
    product = with_photos(buyable(vendor_a), n=2)
    with pytest.raises(ValidationError) as refused:
        services.authentication_request_for_listing(user=vendor_a.user, product_id=product.pk, category="bags")
    assert error_code(refused.value) == "too_few_photos"


def test_the_badge_on_the_product_page_and_card_until_revoked(client, vendor_a):
    product = with_photos(buyable(vendor_a))
    other = buyable(vendor_a, title="Pantofi Chanel")
    page = client.get(reverse("product_detail", args=[product.pk])).content.decode()
    assert "data-authenticated" not in page

    certificate = certify(product, vendor_a)

    page = client.get(reverse("product_detail", args=[product.pk])).content.decode()
    assert "data-authenticated" in page
    listing = client.get(reverse("product_list"), {"filtered": "1"}).content.decode()
    assert listing.count("data-authenticated>") == 1
    api = client.get("/pwa/api/catalog/products").json()["items"]
    assert {item["id"]: item["authenticated"] for item in api} == {product.pk: True, other.pk: False}

    services.certificate_revoke(certificate=certificate, actor=UserFactory(is_staff=True), reason="Eroare.")
    assert "data-authenticated" not in client.get(reverse("product_detail", args=[product.pk])).content.decode()
    api = client.get("/pwa/api/catalog/products").json()["items"]  # the cached page was dropped on revocation
    assert not any(item["authenticated"] for item in api)


def test_the_catalogue_filter_and_its_cache_key(client, vendor_a):
    certified_product = with_photos(buyable(vendor_a))
    plain = buyable(vendor_a, title="Pantofi Chanel")
    everything = client.get("/pwa/api/catalog/products").json()["items"]  # cached, for anonymous visitors
    assert {item["id"] for item in everything} == {certified_product.pk, plain.pk}
    assert client.get("/pwa/api/catalog/products", {"authenticated": "true"}).json()["items"] == []

    certify(certified_product, vendor_a)

    only = client.get("/pwa/api/catalog/products", {"authenticated": "true"}).json()["items"]
    assert [item["id"] for item in only] == [certified_product.pk]
    page = client.get(reverse("product_list"), {"authenticated": "true", "filtered": "1"}).content.decode()
    assert "Pantofi Chanel" not in page and 'name="authenticated" value="true" checked' in page


def test_the_filtered_catalogue_keeps_its_query_count(client, vendor_a):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/pwa/api/catalog/products", {"authenticated": "true", "limit": 48}).status_code == 200
        return len(queries)

    from django.test import override_settings

    with override_settings(STOREFRONT_CATALOGUE_CACHE_SECONDS=0):
        certify(with_photos(buyable(vendor_a, title="Geantă 1")), vendor_a)
        one = count()
        for index in range(4):
            certify(with_photos(buyable(vendor_a, title=f"Geantă x{index}")), vendor_a)
        assert count() == one
