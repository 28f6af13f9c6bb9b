"""Catalogue search is accent- and case-blind on both databases (issue 11, item 20).

Romanian buyers type on phones without diacritics: "geanta" must find "Geantă", "rochie matase"
must find "Rochie de mătase". PostgreSQL does it with its romanian_unaccent configuration,
SQLite with the FTS5 index of marketplace.products.search. The same tests run on both
(DATABASE_URL=postgres://... for PostgreSQL).
"""

import pytest
from django.core.management import call_command
from django.db import connection

from marketplace.customers.catalogue import CatalogueFilters, catalogue_page
from marketplace.products.models import Brand, Product, StoreProduct
from marketplace.products.search import TABLE, TRIGGERS, search_index_ensure
from tests.factories import approved_vendor, buyable, store_product

pytestmark = pytest.mark.django_db

BAGS = {"Geantă Birkin 30 Togo", "Geantă Kelly 28 Epsom", "Geantă Constance 24", "Geantă Evelyne PM"}
DRESS = "Rochie de mătase cu imprimeu floral"
SANDALS = "Sandale Opyum din piele lăcuită"


@pytest.fixture
def shop():
    vendor = approved_vendor()
    for title in sorted(BAGS):
        buyable(vendor, title=title, description="Piele Togo, feronerie placată cu paladiu.")
    dress = buyable(vendor, title=DRESS, description="Croială lejeră, lungime midi.")
    sandals = buyable(vendor, title=SANDALS, description="Toc de 11 cm.")
    ysl, _ = Brand.objects.get_or_create(slug="saint-laurent", defaults={"name": "Saint Laurent"})
    Product.objects.filter(pk=sandals.pk).update(brand=ysl)
    valentino, _ = Brand.objects.get_or_create(slug="valentino", defaults={"name": "Valentino"})
    Product.objects.filter(pk=dress.pk).update(brand=valentino)
    # Not public: a draft and a sold-out bag never show, whatever is searched.
    store_product(vendor, status="draft", title="Geantă Picotin 18")
    buyable(vendor, title="Geantă Lindy 26", stock=0)
    return vendor


def titles(q: str) -> set[str]:
    return {p.title for p in catalogue_page(filters=CatalogueFilters(q=q), limit=48).items}


@pytest.mark.parametrize("q", ["geanta", "GEANTA", "Geantă", "GEANTĂ", "geantă"])
def test_a_bag_is_found_however_the_word_is_typed(shop, q):
    assert titles(q) == BAGS


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL matches whole (stemmed) words")
def test_on_sqlite_a_word_being_typed_already_finds(shop):
    assert titles("gean") == BAGS
    assert titles("rochie mat") == {DRESS}


@pytest.mark.parametrize("q", ["rochie matase", "Rochie mătase", "ROCHIE MATASE", "mătase rochie"])
def test_every_word_is_required_and_accents_do_not_matter(shop, q):
    assert titles(q) == {DRESS}


@pytest.mark.parametrize(("q", "expected"), [
    ("hermes", BAGS), ("Hermès", BAGS), ("saint laurent", {SANDALS}), ("valentino", {DRESS}),
    ("lacuita", {SANDALS}), ("birkin togo", {"Geantă Birkin 30 Togo"}),
])
def test_brand_and_description_words_are_searched(shop, q, expected):
    assert titles(q) == expected


@pytest.mark.parametrize("q", ["xyzzy", "geanta xyzzy", "rochie birkin", '"*(', "NEAR(", "AND OR NOT"])
def test_no_match_finds_nothing_and_odd_input_is_not_an_error(shop, q):
    assert titles(q) == set()


def test_the_storefront_api_searches_without_diacritics(shop, client):
    response = client.get("/pwa/api/catalog/products", {"q": "geanta"})
    assert response.status_code == 200
    assert {item["title"] for item in response.json()["items"]} == BAGS
    response = client.get("/pwa/api/catalog/products", {"q": '"unbalanced * (quote'})
    assert response.status_code == 200 and response.json()["items"] == []


def test_the_index_follows_edits_deletes_and_brand_renames(shop):
    dress = StoreProduct.objects.get(title=DRESS)
    dress.title = "Rochie de catifea"
    dress.save()
    assert titles("matase rochie") == set()
    assert titles("rochie catifea") == {"Rochie de catifea"}

    Brand.objects.filter(slug="valentino").update(name="Valentino Garavani")
    assert titles("garavani") == {"Rochie de catifea"}

    StoreProduct.objects.get(title="Geantă Evelyne PM").delete()
    assert titles("geanta") == BAGS - {"Geantă Evelyne PM"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_the_command_rebuilds_a_lost_index_and_migrate_restores_dropped_triggers(shop):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
    assert titles("geanta") == set()
    call_command("rebuild_search_index", verbosity=0)
    assert titles("geanta") == BAGS

    # What a migration that rebuilds products_product on SQLite does to its triggers.
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    vendor = shop
    buyable(vendor, title="Geantă Bolide 31")  # written while the triggers are gone
    assert search_index_ensure() is True
    assert titles("geanta bolide") == {"Geantă Bolide 31"}
    assert search_index_ensure() is False


def test_relevance_puts_title_and_brand_matches_before_description_matches(shop):
    vendor = shop
    # "Togo" is in every bag's description, but only the Birkin carries it in its title.
    page = catalogue_page(filters=CatalogueFilters(q="togo"), sort="relevance", limit=48)
    assert page.items[0].title == "Geantă Birkin 30 Togo"
    assert {p.title for p in page.items} == BAGS
    # Without a search, "relevance" is the newest first.
    newest = buyable(vendor, title="Geantă Herbag Zip 31")
    assert catalogue_page(filters=CatalogueFilters(), sort="relevance", limit=1).items[0] == newest


def test_relevance_pages_walk_every_match_once(shop):
    seen, cursor = [], None
    for _ in range(10):
        page = catalogue_page(filters=CatalogueFilters(q="togo"), sort="relevance", cursor=cursor, limit=1)
        seen += [p.title for p in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(BAGS)
    assert seen == [p.title for p in catalogue_page(filters=CatalogueFilters(q="togo"), sort="relevance", limit=48).items]
