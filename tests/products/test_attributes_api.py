"""Issue 18: the partner API writes a listing's details (attributes) with the listing, and reads them back."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.products.models import Attribute, Product
from tests.api.conftest import bearer
from tests.factories import approved_vendor, catalogue, store_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def test_a_vendor_sets_details_through_the_api_and_a_bad_list_writes_nothing():
    cat = catalogue()
    vendor = approved_vendor()
    client = bearer(vendor.user)
    body = {
        "title": "Geantă Kelly 28 Epsom", "category": cat["category"].pk, "brand": cat["brand"].pk,
        "product_type": "preloved", "condition": cat["condition"].pk,
        "attributes": [{"name": "Închidere", "value": "clapă cu turet"}, {"name": "Feronerie", "value": "paladiu"}],
    }
    created = client.post("/api/products/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["attributes"] == body["attributes"]

    repeated = client.patch(f"/api/products/{pk}/", {"title": "Geantă Kelly 28 Togo", "attributes": [
        {"name": "Închidere", "value": "clapă"}, {"name": "închidere", "value": "magnet"},
    ]}, format="json")
    assert repeated.status_code == 400 and repeated.json()["code"] == "duplicate"
    assert Product.objects.get(pk=pk).title == "Geantă Kelly 28 Epsom"  # the whole request was refused
    assert Attribute.objects.filter(product_id=pk).count() == 2

    changed = client.patch(f"/api/products/{pk}/", {"attributes": [{"name": "Închidere", "value": "magnet"}]}, format="json")
    assert changed.status_code == 200 and changed.json()["attributes"] == [{"name": "Închidere", "value": "magnet"}]
    assert client.get(f"/api/products/{pk}/", {"mine": 1}).json()["attributes"] == [{"name": "Închidere", "value": "magnet"}]
    bad = client.post("/api/products/", {**body, "title": "Alt anunț", "attributes": [{"name": "", "value": "roșu"}]}, format="json")
    assert bad.status_code == 400 and not Product.objects.filter(title="Alt anunț").exists()


def test_the_public_detail_carries_the_details():
    catalogue()
    product = store_product(approved_vendor(), status="validated")
    Attribute.objects.create(product=product, name="Închidere", value="clapă")
    assert APIClient().get(f"/api/products/{product.pk}/").json()["attributes"] == [{"name": "Închidere", "value": "clapă"}]
