"""Every place money is typed reads it with the one parser: the listing wizard, spreadsheet imports,
the platform's bid increments and the catalogue's price filter all refuse "1e3" and "١٢٣٤٥"."""

from decimal import Decimal

import pytest
import tablib

from backoffice.forms import PlatformSettingsForm
from backoffice.wizard_forms import PricingForm
from marketplace.products import imports
from tests.factories import approved_vendor, catalogue

from ..storefront.conftest import public_piece

pytestmark = pytest.mark.django_db
ODD = ["١٢٣٤٥", "1e3", "8.05e3", "NaN", "1,234"]
MESSAGE = "Introduceți o sumă în lei, de ex. 1.234,50 sau 1234.50."


@pytest.mark.parametrize("amount", ODD)
def test_the_wizard_refuses_odd_prices_and_auction_amounts(amount):
    store = PricingForm({"kind": "store", "price": amount, "stock": "1"}, durations=(72,))
    auction = PricingForm({"kind": "auction", "starting_price": amount, "reserve_price": amount, "bid_increment": amount,
                           "duration_hours": "72"}, durations=(72,))
    assert store.errors["price"] == [MESSAGE]
    assert {name: auction.errors[name] for name in ("starting_price", "reserve_price", "bid_increment")} == {
        "starting_price": [MESSAGE], "reserve_price": [MESSAGE], "bid_increment": [MESSAGE]}


def test_the_wizard_reads_romanian_and_plain_prices_in_a_text_input():
    form = PricingForm({"kind": "store", "price": "1.234,50", "stock": "1"}, durations=(72,))
    assert form.is_valid(), form.errors
    assert form.values() == ("store", {"price": Decimal("1234.50"), "stock": 1})
    form = PricingForm({"kind": "auction", "starting_price": "1500", "reserve_price": "2000,50", "duration_hours": "72"},
                       durations=(72,))
    assert form.is_valid(), form.errors
    assert form.values()[1]["reserve_price"] == Decimal("2000.50")
    html = str(form["price"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def sheet(price: str) -> tablib.Dataset:
    catalogue()
    headers = ["title", "category", "subcategory", "brand", "product_type", "condition", "price", "stock"]
    data = tablib.Dataset(headers=headers)
    data.append(["Geantă Kelly 28", "genti", "genti-de-mana", "Hermès", "preloved", "excelent", price, "1"])
    return data


@pytest.mark.parametrize("amount", ODD)
def test_an_import_refuses_odd_prices_with_the_row_and_column(amount):
    outcome = imports.product_import_rows(dataset=sheet(amount), vendor=approved_vendor(), dry_run=True)
    [error] = outcome.errors
    assert error.row == 2 and error.column == "price" and MESSAGE in error.message


@pytest.mark.parametrize(("amount", "price"), [("1.999,00", "1.999,00"), ("1999.5", "1.999,50"), ("1999 lei", "1.999,00")])
def test_an_import_reads_plain_prices(amount, price):
    outcome = imports.product_import_rows(dataset=sheet(amount), vendor=approved_vendor(), dry_run=True)
    assert outcome.ok, outcome.errors
    assert outcome.preview[0]["price"] == f"{price} lei"  # the preview writes it as every page does


@pytest.mark.parametrize("table", ["0: 5\n1e3: 10", "0: 5\n١٠٠: 10", "0: 5\n100: 8.05e3"])
def test_the_platform_settings_refuse_odd_amounts_in_the_increment_table(table):
    form = PlatformSettingsForm({"bid_increments": table}, only=["bid_increments"])
    assert not form.is_valid() and "bid_increments" in form.errors


def test_the_platform_settings_read_romanian_amounts_in_the_increment_table():
    form = PlatformSettingsForm({"bid_increments": "0: 5\n1.000,00: 25,50"}, only=["bid_increments"])
    assert form.is_valid(), form.errors
    assert [[Decimal(a), Decimal(b)] for a, b in form.cleaned_data["bid_increments"]] == [
        [Decimal("0"), Decimal("5")], [Decimal("1000"), Decimal("25.50")]]


@pytest.mark.parametrize("amount", ODD)
def test_the_catalogue_price_filter_refuses_odd_amounts(client, amount):
    response = client.get("/pwa/api/catalog/products", {"price_min": amount})
    assert response.status_code == 422 and "price_min" in response.json()["fields"]


def test_the_catalogue_price_filter_reads_romanian_amounts(client):
    vendor = approved_vendor()
    public_piece(vendor, title="Ieftină", price="900.00")
    public_piece(vendor, title="Scumpă", price="1500.00")
    response = client.get("/pwa/api/catalog/products", {"price_min": "1.000,00"})
    assert response.status_code == 200 and [item["title"] for item in response.json()["items"]] == ["Scumpă"]
