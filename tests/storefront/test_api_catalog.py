"""The catalogue API: what a buyer's phone asks for while browsing."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from marketplace.products.models import Brand, ConditionGrade
from tests.factories import store_product

from .conftest import public_piece, sized_category

pytestmark = pytest.mark.django_db
URL = "/pwa/api/catalog/products"


def titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_only_validated_pieces_in_stock_are_listed_newest_first(client, vendor):
    # given a validated piece, a pending one, a draft and a sold one
    public_piece(vendor, title="Older")
    public_piece(vendor, title="Newer")
    store_product(vendor, status="pending", title="Waiting")
    store_product(vendor, status="draft", title="Draft")
    sold = public_piece(vendor, title="Sold out")
    sold.stock = 0
    sold.save()
    # when an anonymous visitor lists the catalogue
    response = client.get(URL)
    # then only the public pieces show, newest first, prices as strings in lei
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    item = response.json()["items"][0]
    assert item["price"] == "1200.00" and item["currency"] == "RON" and item["is_favorite"] is False
    assert item["url"] == f"/products/{item['id']}/"


def test_filters_narrow_the_list(client, vendor):
    gucci = Brand.objects.create(name="Gucci", slug="gucci")
    mint = ConditionGrade.objects.create(slug="nou-cu-eticheta", name="Nou cu etichetă", rank=1)
    shoes, s38, s39 = sized_category()
    public_piece(vendor, title="Birkin")
    public_piece(vendor, title="Loafers 38", brand=gucci, category=shoes, subcategory=None, size=s38, colour="black", price="900.00")
    public_piece(vendor, title="Loafers 39", brand=gucci, category=shoes, subcategory=None, size=s39, colour="red", price="950.00", condition=mint)
    new_piece = public_piece(vendor, title="New bag", price="3000.00")
    new_piece.product_type = "new"
    new_piece.save()

    assert titles(client.get(URL, {"brand": "gucci"})) == ["Loafers 39", "Loafers 38"]
    assert titles(client.get(URL, {"category": "pantofi", "colour": "black"})) == ["Loafers 38"]
    assert titles(client.get(URL, {"subcategory": "genti-de-mana", "type": "preloved"})) == ["Birkin"]
    assert titles(client.get(URL, {"condition": "nou-cu-eticheta"})) == ["Loafers 39"]
    assert titles(client.get(URL, {"price_min": "920", "price_max": "1500"})) == ["Loafers 39", "Birkin"]
    assert titles(client.get(URL, {"vendor": vendor.slug, "type": "new"})) == ["New bag"]
    # the size is read in the buyer's size system: US 9 is EU 39
    assert titles(client.get(URL, {"size": "9", "size_system": "us"})) == ["Loafers 39"]
    assert client.get(URL, {"size": "9", "size_system": "us"}).json()["items"][0]["size"] == "US 9"


def test_sorting_by_price_both_ways(client, vendor):
    for title, price in (("Mid", "500.00"), ("Cheap", "100.00"), ("Dear", "900.00")):
        public_piece(vendor, title=title, price=price)
    assert titles(client.get(URL, {"sort": "price_asc"})) == ["Cheap", "Mid", "Dear"]
    assert titles(client.get(URL, {"sort": "price_desc"})) == ["Dear", "Mid", "Cheap"]


def test_search_matches_title_brand_and_description(client, vendor):
    public_piece(vendor, title="Rochie de mătase", description="Croi lejer")
    public_piece(vendor, title="Pantofi stiletto", description="Piele de lac")
    assert titles(client.get(URL, {"q": "rochie"})) == ["Rochie de mătase"]
    assert titles(client.get(URL, {"q": "lac"})) == ["Pantofi stiletto"]
    assert titles(client.get(URL, {"q": "hermès"})) == ["Pantofi stiletto", "Rochie de mătase"]
    assert titles(client.get(URL, {"q": "nimic asemanator"})) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="accent-blind stemming is PostgreSQL's")
def test_postgresql_search_ignores_diacritics_and_stems_romanian(client, vendor):
    public_piece(vendor, title="Rochie de mătase")
    assert titles(client.get(URL, {"q": "matase"})) == ["Rochie de mătase"]
    assert titles(client.get(URL, {"q": "rochii"})) == ["Rochie de mătase"]


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc"])
def test_cursor_pages_walk_the_whole_list_once(client, vendor, sort):
    for n in range(7):
        public_piece(vendor, title=f"P{n}", price=["300.00", "100.00", "300.00", "200.00", "100.00", "300.00", "200.00"][n])
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 3, "sort": sort, **({"cursor": cursor} if cursor else {})}
        body = client.get(URL, params).json()
        seen += [item["title"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(f"P{n}" for n in range(7)) and len(seen) == 7
    everything = titles(client.get(URL, {"limit": 48, "sort": sort}))
    assert seen == everything


def test_bad_input_is_refused_with_fields(client, vendor):
    public_piece(vendor)
    response = client.get(URL, {"price_min": "abc", "sort": "cheapest", "limit": 500})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and body["message"]
    assert {"price_min", "sort", "limit"} <= set(body["fields"])

    response = client.get(URL, {"price_min": "500", "price_max": "100"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"price_max": ["Prețul maxim nu poate fi sub cel minim."]}  # Romanian by default

    response = client.get(URL, {"cursor": "bm90LWEtY3Vyc29y"})
    assert response.status_code == 400 and "cursor" in response.json()["fields"]
    # a cursor made for another sort is refused, not misread
    cursor = client.get(URL, {"limit": 1}).json()["next_cursor"] or "eyJ4Ijox"
    assert client.get(URL, {"cursor": cursor, "sort": "price_asc"}).status_code == 400


def _count(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, {"limit": 48, **params}).status_code == 200
    return len(ctx.captured_queries)


# the database path: no page cache, no kept rows or cards (doors/catalogue_cache.py)
@override_settings(STOREFRONT_CATALOGUE_CACHE_SECONDS=0, STOREFRONT_PUBLIC_ROWS_SECONDS=0, STOREFRONT_CARD_CACHE_SECONDS=0)
def test_list_costs_the_same_queries_for_5_and_for_50_pieces(client, vendor, buyer):
    for n in range(5):
        public_piece(vendor, title=f"A{n}", photo=True)
    anonymous_5 = _count(client)
    client.force_login(buyer)
    signed_in_5 = _count(client, my_sizes="true")
    client.logout()
    for n in range(45):
        public_piece(vendor, title=f"B{n}", photo=True)
    assert len(client.get(URL, {"limit": 48}).json()["items"]) == 48
    assert _count(client) == anonymous_5
    client.force_login(buyer)
    assert _count(client, my_sizes="true") == signed_in_5


def test_product_detail_and_404_for_what_is_not_public(client, vendor):
    piece = public_piece(vendor, title="Kelly 28", description="Piele box", photo=True)
    response = client.get(f"{URL}/{piece.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Kelly 28" and body["description"] == "Piele box" and body["vendor"] == vendor.shop_name
    assert body["images"][0]["src"].endswith("c.webp") and "320w" in body["images"][0]["srcset"]
    hidden = store_product(vendor, status="pending")
    for pk in (hidden.pk, 999999):
        response = client.get(f"{URL}/{pk}")
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Nu a fost găsit.", "fields": {}}


def test_ping_is_trivial_json(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/pwa/api/ping")
    assert response.json() == {"ok": True}


def test_openapi_docs_describe_every_router(client):
    schema = client.get("/pwa/api/openapi.json").json()
    paths = set(schema["paths"])
    assert "/pwa/api/catalog/products" in paths and "/pwa/api/customers/wishlist" in paths
    assert client.get("/pwa/api/docs").status_code == 200


def test_anonymous_pages_are_cached_until_the_catalogue_changes(client, vendor, buyer, django_assert_num_queries):
    piece = public_piece(vendor, title="Before", price="500.00")
    assert titles(client.get(URL, {"sort": "price_asc"})) == ["Before"]
    # when the same page is asked again it is served without touching the database
    with django_assert_num_queries(0):
        assert titles(client.get(URL, {"sort": "price_asc"})) == ["Before"]
    # a saved listing makes every cached page stale at once
    piece.title = "After"
    piece.save()
    assert titles(client.get(URL, {"sort": "price_asc"})) == ["After"]
    # a signed-in buyer never gets the shared page (it carries their favourites)
    client.force_login(buyer)
    client.post(f"/pwa/api/customers/favorites/{piece.pk}/toggle")
    assert client.get(URL, {"sort": "price_asc"}).json()["items"][0]["is_favorite"] is True
