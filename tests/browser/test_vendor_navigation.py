"""The vendor back office can be found your way around: a sidebar with every menu entry, sign-out,
the RO/EN switch and the way back to the storefront (issue 11, item 2).

Given an approved vendor signed in (second factor done), when they open /vendors/ in Chromium and
click each entry of the ``UNFOLD_VENDOR`` menu in turn, then every page answers 200 and shows its
heading; switching to English and back changes the menu's language; "Back to the storefront"
leads to the shop; "Log out" signs them out.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.browser.pages import signed_in, vendor_owner
from tests.browser.support import needs_chromium

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What each page says in its <h1> (Romanian), keyed by the menu entry's link.
HEADINGS = {
    "vendors:index": "Magazinul meu",
    "vendors:products_product_changelist": "Produse",
    "product_add_step1": "Pasul 1 din 6",
    "sku_generation": "SKU",
    "vendor_product_import": "Import",
    "export_csv": "Export",
    "vendors:orders_shipment_changelist": "Expedieri",
    "vendor_sold": "Articole vândute",
    "vendors:orders_returnrequest_changelist": "Cereri de retur",
    "vendors:reviews_review_changelist": "Recenzii",
    "vendor_auctions": "Licitații",
    "wallet_history": "Portofel",
    "payout_request": "Cereți o plată",
    "vendor_chat": "Mesaje",
    "vendors:vendors_vendorprofile_changelist": "Vânzători",
    "vendors:authenticity_authenticationrequest_changelist": "Cereri de autentificare",
    "vendor_tickets": "Suport",
    "vendor_account": "Contul meu",
}
# Entries whose link is a seed URL name that leads to a changelist (the page lands there).
LANDS_ON = {"vendor_auctions": "vendors:auctions_auction_changelist"}


def menu_entries():
    """(title, path) of every entry of the vendor menu, from the settings the site renders."""
    entries = []
    for group in settings.UNFOLD_VENDOR["SIDEBAR"]["navigation"]:
        for item in group["items"]:
            entries.append((str(item["title"]), str(item["link"])))
    return entries


def click_menu(page, title):
    # a link's accessible name starts with its icon's ligature ("dashboard Panou de control")
    link = page.locator("#nav-sidebar").get_by_role("link", name=re.compile(rf"(^|\s){re.escape(title)}$")).first
    with page.expect_navigation() as navigation:
        link.click()
    return navigation.value


def test_a_vendor_reaches_every_menu_entry_by_clicking(browser, live_server):
    user = vendor_owner()
    page = signed_in(browser, live_server, user, two_factor=True).new_page()
    response = page.goto(f"{live_server.url}{reverse('vendors:index')}")
    assert response.status == 200

    entries = menu_entries()
    storefront = [(title, path) for title, path in entries if path == "/"]
    assert storefront, "the menu has a way back to the storefront"
    pages = [(title, path) for title, path in entries if path != "/"]
    assert len(pages) == len(HEADINGS)
    by_path = {reverse(name): heading for name, heading in HEADINGS.items()}
    lands = {reverse(name): reverse(target) for name, target in LANDS_ON.items()}

    for title, path in pages:
        page.goto(f"{live_server.url}{reverse('vendors:index')}")
        response = click_menu(page, title)
        assert response.status == 200, (title, path, response.status)
        assert page.url.split("?")[0].endswith(lands.get(path, path)), (title, page.url)
        heading = page.locator("h1").first
        assert heading.is_visible()
        assert by_path[path].lower() in heading.inner_text().lower(), (title, heading.inner_text())

    # back to the storefront
    page.goto(f"{live_server.url}{reverse('vendors:index')}")
    response = click_menu(page, storefront[0][0])
    assert response.status == 200
    assert page.url.rstrip("/") == live_server.url


def test_a_vendor_switches_language_and_signs_out_from_the_menu(browser, live_server):
    user = vendor_owner()
    page = signed_in(browser, live_server, user, two_factor=True).new_page()
    page.goto(f"{live_server.url}{reverse('vendors:index')}")
    menu = page.locator("#nav-sidebar")
    assert menu.get_by_role("link", name=re.compile("Produsele mele$")).is_visible()

    # the account menu at the foot of the sidebar: English, then Romanian again
    page.get_by_text(user.email, exact=True).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"English")).click()
    assert menu.get_by_role("link", name=re.compile("My products$")).is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_text(user.email, exact=True).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"Română")).click()
    assert menu.get_by_role("link", name=re.compile("Produsele mele$")).is_visible()

    # sign out: the vendor site then sends them to the sign-in page
    with translation.override("ro"):
        sign_out = gettext("Log out")
    page.get_by_text(user.email, exact=True).first.click()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=re.compile(f"^{re.escape(sign_out)}")).click()
    assert navigation.value.status == 200
    response = page.goto(f"{live_server.url}{reverse('vendors:index')}")
    assert "/accounts/login/" in page.url
    assert response.status == 200
