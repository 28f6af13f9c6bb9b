"""The catalogue a signed-in buyer gets: the same pieces as the reference query, their own favourites, fast.

The API keeps the public part of a page (which pieces, in which order) and each card in the worker's
memory (doors/catalogue_cache.py); these tests hold it to the plain query (``catalogue_page``) and
show that a buyer's own state — favourites, saved sizes — is never taken from another buyer's page.
"""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from marketplace.customers import catalogue
from marketplace.customers.models import Favorite, SavedDimension
from marketplace.products.models import Brand, StoreProduct
from storefront.api.catalog import filters_from
from storefront.api.schemas import CatalogueQuery, ProductPageOut
from storefront.presenters import product_card
from tests.factories import customer

from .conftest import public_piece, sized_category

pytestmark = pytest.mark.django_db
URL = "/pwa/api/catalog/products"
NO_PAGE_CACHE = override_settings(STOREFRONT_CATALOGUE_CACHE_SECONDS=0)


@pytest.fixture
def shelf(vendor):
    """Shoes in EU 38 and 39 and bags without a size, two brands, prices that tie."""
    shoes, s38, s39 = sized_category()
    gucci = Brand.objects.create(name="Gucci", slug="gucci")
    pieces = []
    for n in range(9):
        kind = n % 3
        extra = {"category": shoes, "subcategory": None, "size": s38 if kind == 1 else s39} if kind else {}
        if n % 4 == 0:
            extra["brand"] = gucci
        pieces.append(public_piece(
            vendor, title=f"Piesa {n}", price=["300.00", "100.00", "200.00"][kind],
            description="Piele de lac" if n % 2 else "Mătase", **extra,
        ))
    return shoes, s38, pieces


def reference(user, params) -> dict:
    """The page as the plain query reads it, shaped by the one presenter and the response schema."""
    query = CatalogueQuery.model_validate(params)
    page = catalogue.catalogue_page(
        filters=filters_from(query), sort=query.sort, cursor=query.cursor, limit=query.limit, user=user
    )
    favorites = set(Favorite.objects.filter(user=user).values_list("product_id", flat=True))
    items = [product_card(p, favorites=favorites, system=query.size_system) for p in page.items]
    return ProductPageOut.model_validate({"items": items, "next_cursor": page.next_cursor}).model_dump(mode="json")


CASES = [
    {},
    {"sort": "price_asc"},
    {"sort": "price_desc", "my_sizes": "true"},
    {"my_sizes": "true", "category": "pantofi"},
    {"brand": "gucci", "sort": "price_asc"},
    {"q": "lac", "sort": "relevance"},
    {"q": "piesa", "my_sizes": "true"},
    {"price_min": "150", "price_max": "300", "sort": "price_asc"},
    {"size": "38", "size_system": "eu"},
    {"size": "8", "size_system": "us", "my_sizes": "true"},
]


@NO_PAGE_CACHE
@pytest.mark.parametrize("params", CASES)
def test_signed_in_pages_are_the_reference_query_page_by_page(client, vendor, shelf, params):
    shoes, s38, pieces = shelf
    buyer = customer()
    SavedDimension.objects.create(user=buyer, category=shoes, size=s38)
    for piece in pieces[::3]:
        Favorite.objects.create(user=buyer, product=piece)
    client.force_login(buyer)
    cursor, walked = None, 0
    for _ in range(6):  # every page, twice each: the second read comes from the kept rows and cards
        page_params = {"limit": 2, **params, **({"cursor": cursor} if cursor else {})}
        expected = reference(buyer, page_params)
        for _again in range(2):
            assert client.get(URL, page_params).json() == expected
        walked += len(expected["items"])
        cursor = expected["next_cursor"]
        if cursor is None:
            break
    assert walked == len(reference(buyer, {**params, "limit": 48})["items"])


@NO_PAGE_CACHE
def test_a_buyer_never_gets_another_buyers_favourites_or_sizes(client, vendor, shelf):
    shoes, s38, pieces = shelf
    ana, mihai = customer(), customer()
    SavedDimension.objects.create(user=ana, category=shoes, size=s38)
    Favorite.objects.create(user=ana, product=pieces[1])
    params = {"my_sizes": "true", "limit": 48}
    client.force_login(ana)
    ana_page = client.get(URL, params).json()["items"]
    client.force_login(mihai)
    mihai_page = client.get(URL, params).json()["items"]
    # Ana wears 38: the shoes in 39 are left out of her page, not of Mihai's (he saved no size)
    assert len(ana_page) == 6 and len(mihai_page) == 9
    assert [item["id"] for item in ana_page if item["is_favorite"]] == [pieces[1].pk]
    assert not any(item["is_favorite"] for item in mihai_page)
    # a favourite added now shows on the next page read, though the page's rows are kept
    Favorite.objects.create(user=mihai, product=pieces[2])
    assert [item["id"] for item in client.get(URL, params).json()["items"] if item["is_favorite"]] == [pieces[2].pk]


@NO_PAGE_CACHE
def test_a_kept_page_costs_only_the_buyers_own_reads(client, vendor, shelf, django_assert_num_queries):
    shoes, s38, pieces = shelf
    buyer = customer()
    SavedDimension.objects.create(user=buyer, category=shoes, size=s38)
    client.force_login(buyer)
    params = {"my_sizes": "true", "sort": "price_asc"}
    first = client.get(URL, params).json()
    # session, user, saved sizes, favourites among the page: nothing about the listings themselves
    with django_assert_num_queries(4):
        assert client.get(URL, params).json() == first


@NO_PAGE_CACHE
def test_a_saved_listing_shows_at_once_and_a_stock_update_when_the_rows_expire(client, vendor, shelf):
    _shoes, _s38, pieces = shelf
    client.force_login(customer())
    params = {"sort": "price_asc", "limit": 48}
    assert "Piesa 1" in [item["title"] for item in client.get(URL, params).json()["items"]]
    piece = pieces[1]
    piece.title, piece.price = "Redenumită", "999.00"
    piece.save()
    items = client.get(URL, params).json()["items"]
    assert items[-1]["title"] == "Redenumită" and items[-1]["price"] == "999.00"
    # checkout takes stock with QuerySet.update (no save signal): the kept rows hold it until they expire
    StoreProduct.objects.filter(pk=piece.pk).update(stock=0)
    with override_settings(STOREFRONT_PUBLIC_ROWS_SECONDS=0):
        assert "Redenumită" not in [item["title"] for item in client.get(URL, params).json()["items"]]


@NO_PAGE_CACHE
def test_the_page_costs_the_same_queries_for_any_number_of_pieces(client, vendor, shelf):
    buyer = customer()
    client.force_login(buyer)

    def count(limit):
        from doors import catalogue_cache

        catalogue_cache.catalogue_changed()  # nothing kept: the cold path
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(URL, {"limit": limit, "my_sizes": "true"}).json()["items"]) == min(limit, 9)
        return len(ctx.captured_queries)

    assert count(2) == count(9)
