"""Buyers' display currency: a cookie from the footer switch, "≈" beside lei prices, price filters in it."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.currency.services import exchange_rates_store
from tests.factories import approved_vendor, store_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates():
    exchange_rates_store(date="2026-11-30", rates={"EUR": Decimal("5.1"), "USD": Decimal("4.4"), "GBP": Decimal("5.8")}, source="bnr")
    cache.clear()


@pytest.fixture
def piece():
    return store_product(approved_vendor(), status="validated", price="17952.00", title="Geantă Kelly 28")


def test_the_switch_sets_and_clears_the_cookie_and_goes_back(client):
    response = client.post("/currency/", {"currency": "eur", "next": "/products/?q=kelly"})
    assert response.status_code == 302 and response["Location"] == "/products/?q=kelly"
    assert response.cookies["display_currency"].value == "EUR"
    response = client.post("/currency/", {"currency": "", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert response.cookies["display_currency"].value == ""  # deleted
    assert client.get("/currency/").status_code == 405


def test_prices_stay_in_lei_only_by_default(client, rates, piece):
    html = client.get(f"/products/{piece.pk}/").content.decode()
    assert "17.952,00 lei" in html and "≈" not in html
    assert 'name="currency"' in html  # the switch is under the page


def test_chosen_currency_shows_an_approximation_on_the_product_page_and_cards(client, rates, piece):
    client.cookies["display_currency"] = "EUR"
    page = client.get(f"/products/{piece.pk}/").content.decode()
    assert "17.952,00 lei" in page and "≈ 3.520\u00a0€" in page
    cards = client.get("/products/").content.decode()
    assert "≈ 3.520\u00a0€" in cards
    client.cookies["display_currency"] = "GBP"
    assert "≈ 3.095\u00a0£" in client.get("/products/").content.decode()


def test_no_rate_stored_shows_no_approximation(client, piece):
    client.cookies["display_currency"] = "USD"
    assert "≈" not in client.get(f"/products/{piece.pk}/").content.decode()


def test_price_filter_in_the_chosen_currency_is_converted_to_lei(client, rates):
    vendor = approved_vendor()
    store_product(vendor, status="validated", price="4000.00", title="Eșarfă ieftină")  # ≈ 784 €
    store_product(vendor, status="validated", price="6000.00", title="Eșarfă scumpă")  # ≈ 1.176 €
    client.cookies["display_currency"] = "EUR"
    html = client.get("/products/", {"price_min": "1000", "price_currency": "EUR"}).content.decode()
    assert "Eșarfă scumpă" in html and "Eșarfă ieftină" not in html
    assert 'name="price_currency" value="EUR"' in html and 'value="1000"' in html
    html = client.get("/products/", {"price_max": "1000", "price_currency": "EUR"}).content.decode()
    assert "Eșarfă ieftină" in html and "Eșarfă scumpă" not in html
    # Without price_currency the bound is lei, as before.
    html = client.get("/products/", {"price_min": "5000"}).content.decode()
    assert "Eșarfă scumpă" in html and "Eșarfă ieftină" not in html


def test_the_approximation_costs_no_query_per_card(client, rates):
    vendor = approved_vendor()
    client.cookies["display_currency"] = "EUR"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/products/", {"limit": 48}).status_code == 200
        return len(ctx.captured_queries)

    store_product(vendor, status="validated", title="A0")
    count()  # fills the rate cache
    few = count()
    for n in range(10):
        store_product(vendor, status="validated", title=f"B{n}")
    count()  # the result count, cached for the page, was dropped by the new listings: fill it again
    assert count() == few


def test_checkout_says_payment_is_in_lei():
    from pathlib import Path

    template = Path("templates/orders/checkout.html").read_text()
    assert "Payment is always in lei" in template
