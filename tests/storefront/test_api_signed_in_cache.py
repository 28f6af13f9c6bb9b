"""A signed-in catalogue page with the Redis-shaped caches on (issue 20): the session, the user and the
saved sizes come from the cache, only the favourites from the database, and a changed size is seen at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from marketplace.customers.models import SavedDimension

from .conftest import public_piece, sized_category

pytestmark = pytest.mark.django_db
API = "/pwa/api/customers"
CATALOGUE = "/pwa/api/catalog/products"


@pytest.fixture(autouse=True)
def _cached():
    cache.clear()
    with override_settings(
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db", AUTH_USER_CACHE_SECONDS=300,
        CUSTOMER_CACHE_SECONDS=300,
    ):
        yield
    cache.clear()


def _titles(client):
    return [i["title"] for i in client.get(CATALOGUE, {"my_sizes": "true"}).json()["items"]]


def test_only_the_favourites_are_read_from_the_database_and_a_new_size_is_seen_at_once(client, buyer, vendor):
    shoes, s38, s39 = sized_category()
    public_piece(vendor, title="Shoe 38", category=shoes, subcategory=None, size=s38)
    public_piece(vendor, title="Shoe 39", category=shoes, subcategory=None, size=s39)
    client.force_login(buyer)
    assert client.put(f"{API}/sizes/pantofi", {"size_id": s39.pk}, content_type="application/json").status_code == 200
    assert _titles(client) == ["Shoe 39"]
    with CaptureQueriesContext(connection) as queries:
        assert _titles(client) == ["Shoe 39"]
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "django_session" not in tables and "accounts_user" not in tables
    assert "customers_saveddimension" not in tables
    assert "customers_favorite" in tables

    assert client.put(f"{API}/sizes/pantofi", {"size_id": s38.pk}, content_type="application/json").status_code == 200
    assert _titles(client) == ["Shoe 38"]  # the save dropped the cached sizes
    assert client.delete(f"{API}/sizes/pantofi").status_code == 204
    assert not SavedDimension.objects.exists()
    assert _titles(client) == ["Shoe 39", "Shoe 38"]  # no size saved: every piece


def test_removing_every_saved_size_at_once_drops_the_cache_too(client, buyer, vendor):
    shoes, s38, s39 = sized_category()
    public_piece(vendor, title="Shoe 38", category=shoes, subcategory=None, size=s38)
    public_piece(vendor, title="Shoe 39", category=shoes, subcategory=None, size=s39)
    client.force_login(buyer)
    client.put(f"{API}/sizes/pantofi", {"size_id": s39.pk}, content_type="application/json")
    assert _titles(client) == ["Shoe 39"]
    SavedDimension.objects.filter(user=buyer).delete()  # as deleting the account does (a queryset delete)
    assert _titles(client) == ["Shoe 39", "Shoe 38"]
