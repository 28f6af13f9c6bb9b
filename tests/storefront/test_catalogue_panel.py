"""The catalogue's filter panel on /products/ and /shops/<slug>/: the number of results, the active filters as
chips that each remove one filter, subcategories of the chosen category only, empty states that say what to
change, and a page that costs the same queries however many pieces it shows."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.customers import catalogue, catalogue_count
from marketplace.products.models import Brand, Category, SubCategory
from storefront.pages.catalogue_panel import FILTER_KEYS

from .conftest import public_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelves(vendor):
    bags = Category.objects.create(slug="posete", name="Genți", name_en="Bags")
    shoes = Category.objects.create(slug="pantofi", name="Pantofi", name_en="Shoes")
    handbags = SubCategory.objects.create(category=bags, slug="de-mana", name="Genți de mână")
    backpacks = SubCategory.objects.create(category=bags, slug="rucsacuri", name="Rucsacuri")
    sneakers = SubCategory.objects.create(category=shoes, slug="sport", name="Pantofi sport")
    hermes = Brand.objects.create(slug="hermes", name="Hermès")
    gucci = Brand.objects.create(slug="gucci", name="Gucci")
    public_piece(vendor, title="Kelly 28", price="9000.00", category=bags, subcategory=handbags, brand=hermes)
    public_piece(vendor, title="Birkin 30", price="15000.00", category=bags, subcategory=handbags, brand=hermes)
    public_piece(vendor, title="Rucsac Ophidia", price="2400.00", category=bags, subcategory=backpacks, brand=gucci)
    public_piece(vendor, title="Ace Sneaker", price="1900.00", category=shoes, subcategory=sneakers, brand=gucci)
    return {"bags": bags, "shoes": shoes}


def count_text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.search(r'<p class="count"[^>]*>(.*?)</p>', html, re.S).group(1))).strip()


def chips(html: str) -> dict[str, str]:
    return {name: unescape(url) for url, name in re.findall(r'<a class="filter-chip" href="([^"]+)" data-chip="([^"]+)"', html)}


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def subcategory_options(html: str) -> list[str]:
    select = re.search(r'<select name="subcategory"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def cards(html: str) -> list[str]:
    return re.findall(r'<span class="title">([^<]+)</span>', html)


def test_the_number_of_results_in_romanian_with_de_from_twenty(client, vendor, shelves):
    assert count_text(client.get("/products/").content.decode()) == "4 piese"
    assert count_text(client.get("/products/", {"brand": "gucci", "category": "pantofi"}).content.decode()) == "1 piesă"
    for n in range(16):
        public_piece(vendor, title=f"Eșarfă {n}")
    html = client.get("/products/").content.decode()
    assert count_text(html) == "20 de piese" and "Vezi 20 de piese" in html  # the sheet's button says it too


def test_the_count_stops_at_its_cap_and_says_more_than(client, vendor, shelves, monkeypatch):
    monkeypatch.setattr(catalogue_count, "COUNT_CAP", 3)
    assert catalogue_count.catalogue_count(filters=catalogue.CatalogueFilters()) == 4  # counted to cap + 1, no further
    assert count_text(client.get("/products/").content.decode()) == "Peste 3 de piese"
    assert count_text(client.get("/products/", {"brand": "hermes"}).content.decode()) == "2 piese"


def test_each_chip_removes_exactly_its_filter(client, shelves):
    asked = {"q": "Kelly", "category": "posete", "subcategory": "de-mana", "brand": "hermes", "price_min": "100",
             "price_max": "20000", "authenticated": "true", "sort": "price_asc", "filtered": "1"}
    html = client.get("/products/", asked).content.decode()
    found = chips(html)
    assert set(found) == {"q", "category", "subcategory", "brand", "price_min", "price_max", "authenticated"}
    labels = dict(re.findall(r'data-chip="([^"]+)"[^>]*>([^<]+)<', html))
    assert labels["category"].strip() == "Genți" and labels["subcategory"].strip() == "Genți de mână"
    assert labels["brand"].strip() == "Hermès" and labels["price_min"].strip() == "De la 100 lei"
    for name, url in found.items():
        expected = {key: [value] for key, value in asked.items() if key not in FILTER_KEYS[name]}
        assert query_of(url) == expected, name
        # following it shows the other filters still as chips, this one gone
        assert set(chips(client.get(url).content.decode())) == set(found) - set(FILTER_KEYS[name]), name
    clear = re.search(r'<a class="clear-all" href="([^"]+)"', html).group(1)
    assert query_of(unescape(clear)) == {"sort": ["price_asc"], "filtered": ["1"]}
    assert 'aria-label="Elimină filtrul Hermès"' in html


def test_a_signed_in_buyers_my_sizes_chip_stays_off_once_removed(client, buyer, shelves):
    client.force_login(buyer)
    html = client.get("/products/").content.decode()
    url = chips(html)["my_sizes"]
    assert query_of(url) == {"filtered": ["1"]}
    assert "my_sizes" not in chips(client.get(url).content.decode())


def test_subcategories_are_those_of_the_chosen_category(client, shelves):
    html = client.get("/products/").content.decode()
    assert subcategory_options(html) == [] and re.search(r'<select name="subcategory"[^>]*disabled', html)
    assert subcategory_options(client.get("/products/", {"category": "posete"}).content.decode()) == ["de-mana", "rucsacuri"]
    assert subcategory_options(client.get("/products/", {"category": "pantofi"}).content.decode()) == ["sport"]
    # a subcategory alone brings its category (and its siblings); one of another category is dropped, not obeyed
    alone = client.get("/products/", {"subcategory": "rucsacuri"}).content.decode()
    assert subcategory_options(alone) == ["de-mana", "rucsacuri"] and cards(alone) == ["Rucsac Ophidia"]
    assert set(chips(alone)) == {"category", "subcategory"}
    mixed = client.get("/products/", {"category": "pantofi", "subcategory": "rucsacuri"}).content.decode()
    assert cards(mixed) == ["Ace Sneaker"] and set(chips(mixed)) == {"category"}


def test_an_empty_list_suggests_the_changes_that_bring_pieces_back(client, shelves):
    asked = {"q": "Kelly", "brand": "gucci", "price_max": "500", "filtered": "1"}
    html = client.get("/products/", asked).content.decode()
    assert cards(html) == [] and count_text(html) == "0 piese"
    suggestions = {unescape(label).strip(): unescape(url) for url, label in
                   re.findall(r'<a href="([^"]+)" data-suggestion>([^<]+)</a>', html)}
    assert "Nicio piesă nu corespunde acestor filtre." in html
    assert query_of(suggestions["Orice preț"]) == {"q": ["Kelly"], "brand": ["gucci"], "filtered": ["1"]}
    assert query_of(suggestions["Caută „Kelly” fără niciun filtru"]) == {"q": ["Kelly"], "filtered": ["1"]}
    assert query_of(suggestions["Fără Gucci"]) == {"q": ["Kelly"], "price_max": ["500"], "filtered": ["1"]}
    assert query_of(suggestions["Vezi toate piesele"]) == {"filtered": ["1"]}
    # the suggestions lead somewhere: searching the word alone finds the piece
    assert cards(client.get(suggestions["Caută „Kelly” fără niciun filtru"]).content.decode()) == ["Kelly 28"]


def test_the_shop_page_uses_the_same_panel_without_a_chip_for_its_own_shop(client, vendor, shelves):
    html = client.get(f"/shops/{vendor.slug}/", {"brand": "hermes", "vendor": "other", "filtered": "1"}).content.decode()
    assert count_text(html) == "2 piese" and set(chips(html)) == {"brand"}
    assert query_of(chips(html)["brand"]) == {"filtered": ["1"]}
    assert urlsplit(chips(html)["brand"]).path == f"/shops/{vendor.slug}/"
    assert 'data-sheet' in html and subcategory_options(html) == []
    assert f'name="vendor" value="{vendor.slug}"' in html  # the script's next pages stay in this shop


def test_the_panel_script_gets_the_results_part_alone(client, shelves):
    response = client.get("/products/", {"category": "posete"}, headers={"X-Catalogue-Results": "1"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="results"') and "<form" not in html and "<html" not in html
    assert count_text(html) == "3 piese" and "X-Catalogue-Results" in response["Vary"]
    assert re.findall(r'<option value="([a-z-]+)"', html) == ["de-mana", "rucsacuri"]  # the sheet's new subcategories


@pytest.mark.parametrize("path", ["/products/", "shop"])
def test_a_filtered_page_costs_the_same_queries_for_one_piece_and_for_thirty(client, vendor, buyer, shelves, path):
    url = f"/shops/{vendor.slug}/" if path == "shop" else path
    client.force_login(buyer)
    asked = {"category": "posete", "brand": "hermes", "price_min": "10", "authenticated": "", "limit": "48"}

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, asked).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for n in range(30):
        public_piece(vendor, title=f"Constance {n}", category=shelves["bags"], brand=Brand.objects.get(slug="hermes"), photo=True)
    assert queries() == few
