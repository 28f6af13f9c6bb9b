"""Under Romanian, the back offices and the storefront read as one Romanian site (issue 11, item 4).

Given a shop with a 17.586 lei piece, an order and its shipment, when a staff admin, the vendor and a
buyer open the main pages in Romanian, then the text a reader sees holds none of the third-party
English strings that used to be left over (unfold's, allauth's, Django admin's), none of the wrong
forms ("Selecteză", "1 zile", allauth's "tu" without diacritics), and every price is written
``17.586,00 lei``: no ``900.00``, no ``17586,00``.
"""

import html
import re

import pytest
from django.urls import reverse

from marketplace.common.money import format_money
from tests.factories import (
    UserFactory,
    approved_vendor,
    customer,
    live_auction,
    login_with_second_factor,
    store_product,
)
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db

# English that unfold, allauth or Django admin used to show under Romanian, and what we found
# rendering these pages (theme switch, search boxes, empty lists, filters, uploads).
ENGLISH = [
    "Select an option", "No results found", "Type to search", "Choose file to upload", "All applications",
    "Search apps and models", "Light", "Dark", "System", "Apply Filters", "Reset filters", "Filters",
    "Select action", "Run the selected action", "Save and continue editing", "Save and add another",
    "Log out", "View site", "Change password", "Recent actions", "Show all", "results",
    "Toggle sidebar", "Toggle filter", "Nothing matched your search", "This page yielded into no results",
    "Current file", "Remember Me", "Forgot your password", "You have signed out", "Sign In",
    "View selected", "Change selected", "Delete selected", "Access attempts", "Failed tasks", "Scheduled tasks",
    "Queued tasks", "Successful tasks", "Social Accounts", "social applications",
]
WRONG_FORMS = [
    r"\bSelecteză\b",  # Django admin's typo
    r"\b1 zile\b", r"\b1 ore\b",  # plural forms: 1 zi, 2 zile, 20 de zile
    r"\b(?:[2-9]|1\d) de zile\b",
    r"\bTe rugam\b", r"\bAi uitat\b", r"\bTine-ma\b", r"\bEsti conectat",  # allauth's informal, no diacritics
    r"\bRetele de socializare\b", r"\bAplicatii sociale\b",
]
# A price written the English way (900.00) or without the thousands point (17586,00).
# (a date, 30.11.2026, is not a price)
ENGLISH_PRICE = re.compile(r"(?<![\d.,])\d+\.\d\d(?![\d.])")
UNGROUPED_PRICE = re.compile(r"(?<![\d.,])\d{4,},\d\d(?![\d])")

TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
ATTRS = re.compile(r'\s(?:placeholder|title|aria-label|alt|value)="([^"]*)"')


def visible_text(page: str) -> str:
    """What a reader meets: the text between tags plus placeholders, titles and labels."""
    attributes = " ".join(m.group(1) for m in ATTRS.finditer(page) if not m.group(1).startswith(("/", "http")))
    return html.unescape(re.sub(r"\s+", " ", TAG.sub(" ", page)) + " " + attributes)


def problems(text: str) -> list[str]:
    found = [f"English: {word!r}" for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
    found += [f"wrong form: {m.group(0)!r}" for pattern in WRONG_FORMS for m in [re.search(pattern, text)] if m]
    found += [f"price: {m.group(0)!r}" for m in ENGLISH_PRICE.finditer(text)]
    found += [f"price: {m.group(0)!r}" for m in UNGROUPED_PRICE.finditer(text)]
    return found


def visit(client, paths) -> dict[str, list[str]]:
    report = {}
    for path in paths:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="ro")
        assert response.status_code == 200, (path, response.status_code)
        text = visible_text(response.content.decode())
        report[path] = problems(text)
        report[path + " [text]"] = text
    return report


def assert_clean(report):
    bad = {path: found for path, found in report.items() if not path.endswith("[text]") and found}
    assert not bad, bad


@pytest.fixture
def shop():
    vendor = approved_vendor()
    dear = store_product(vendor, status="validated", title="Geantă Kelly 28", price="17586.00")
    cheap = store_product(vendor, status="validated", title="Eșarfă de mătase", price="900.00")
    store_product(vendor, status="pending", title="Pantofi Louboutin 38", price="1250.50")
    order = place_order(customer(), [dear, cheap])
    return vendor, dear, order


@pytest.fixture
def ro(client):
    client.cookies["django_language"] = "ro"
    return client


def test_format_money_writes_one_format():
    assert format_money("17586") == "17.586,00 lei"
    assert format_money("900") == "900,00 lei"
    assert format_money("1234567.891") == "1.234.567,89 lei"
    assert format_money("0.5", unit=False) == "0,50"
    assert format_money(None) == "—"


def test_staff_back_office_pages_read_romanian(ro, shop):
    vendor, dear, order = shop
    login_with_second_factor(ro, UserFactory(roles=["admin"], is_staff=True, is_superuser=True))
    report = visit(ro, [
        reverse("admin:index"),
        reverse("admin:products_product_changelist"),
        reverse("admin:products_product_change", args=[dear.pk]),
        reverse("admin:orders_order_changelist"),
        reverse("admin:orders_order_change", args=[order.pk]),
        reverse("admin:vendors_vendorprofile_changelist"),
        reverse("admin:vendors_vendorprofile_change", args=[vendor.pk]),
        reverse("admin:products_product_changelist") + "?q=nimic-nu-se-potriveste",
        reverse("admin_settings"),
        reverse("return_days_settings"),
    ])
    assert_clean(report)
    # the prices a staff member compares, written one way on every page
    assert "17.586,00 lei" in report[reverse("admin:products_product_changelist") + " [text]"]
    total = format_money(order.total)  # 17.586 + 900 + shipping: five digits, grouped
    assert re.fullmatch(r"\d{2}\.\d{3},\d\d lei", total)
    assert total in report[reverse("admin:orders_order_changelist") + " [text]"]
    assert total in report[reverse("admin:orders_order_change", args=[order.pk]) + " [text]"]


def test_vendor_back_office_pages_read_romanian(ro, shop):
    vendor, dear, order = shop
    login_with_second_factor(ro, vendor.user)
    shipment = order.shipments.get()
    report = visit(ro, [
        reverse("vendors:index"),
        reverse("vendors:products_product_changelist"),
        reverse("product_add_step1"),
        reverse("vendors:orders_shipment_changelist"),
        reverse("vendors:orders_shipment_change", args=[shipment.pk]),
    ])
    assert_clean(report)
    assert "17.586,00 lei" in report[reverse("vendors:products_product_changelist") + " [text]"]
    assert "17.586,00 lei" in report[reverse("vendors:orders_shipment_change", args=[shipment.pk]) + " [text]"]


def test_storefront_pages_read_romanian(ro, shop):
    vendor, dear, order = shop
    report = visit(ro, ["/", "/products/", f"/products/{dear.pk}/", reverse("login"), reverse("register")])
    assert_clean(report)
    assert "17.586,00 lei" in report[f"/products/{dear.pk}/ [text]"]
    login_with_second_factor(ro, order.buyer)
    report = visit(ro, [reverse("order_list"), reverse("order_detail", args=[order.pk])])
    assert_clean(report)
    assert format_money(order.total) in report[reverse("order_list") + " [text]"]

    # an auction: the current price, the minimum bid and the bid box's hint
    auction = live_auction(vendor, starting_price="12500.00", bid_increment="250.00")
    report = visit(ro, [reverse("auction_list"), reverse("auction_detail", args=[auction.pk])])
    assert_clean(report)
    page = report[reverse("auction_detail", args=[auction.pk]) + " [text]"]
    assert "12.500,00 lei" in page  # the current price and the minimum first bid


@pytest.mark.parametrize(("template", "context", "formal"), [
    ("account/messages/logged_out.txt", {}, "V-ați deconectat."),
    ("account/messages/email_confirmed.txt", {"email": "ana@example.ro"}, "Ați confirmat adresa ana@example.ro."),
    ("account/messages/logged_in.txt", {"user": "ana"}, "V-ați autentificat ca ana."),
    ("account/messages/password_changed.txt", {}, "Parola a fost schimbată."),
])
def test_allauths_messages_speak_formally_with_diacritics(template, context, formal):
    from django.template.loader import render_to_string
    from django.utils import translation

    if "user" in context:
        context = {"user": UserFactory(email=f"{context['user']}@example.ro", username=context["user"])}
    with translation.override("ro"):
        assert render_to_string(template, context).strip() == formal


@pytest.mark.parametrize(("days", "written"), [(1, "1 zi"), (2, "2 zile"), (20, "20 de zile")])
def test_day_counts_take_romanian_plural_forms(ro, days, written):
    from marketplace.administration.services import platform_settings_update

    admin = UserFactory(roles=["admin"], is_staff=True, is_superuser=True)
    platform_settings_update(actor=admin, return_days=days, shipping_days=days)
    login_with_second_factor(ro, admin)
    report = visit(ro, [reverse("admin_settings"), reverse("admin:index")])
    assert_clean(report)
    assert report[reverse("admin_settings") + " [text]"].count(written) == 2  # return window and shipping deadline
    assert f"retur în {written}" in report[reverse("admin:index") + " [text]"]
