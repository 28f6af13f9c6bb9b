"""Issue 19 on a phone (390×844, Romanian, CSP watched): the product page keeps the price and the button in view,
swipes, zooms and offers a sticky buy bar; My bids sorts a buyer's lots; the bid form refuses a too-low amount
before its confirmation, and the bid history follows the price. Screenshots go to $BROWSER_SCREENSHOTS (or /tmp)."""

import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from marketplace.auctions.models import Bid
from marketplace.products.models import ProductImage
from tests.browser.support import needs_chromium
from tests.factories import approved_vendor, customer, jpeg_bytes, live_auction
from tests.storefront.conftest import public_piece
from tests.storefront.test_buyer_trust import bids_scene, rated_vendor

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}
expect = pytest.importorskip("playwright.sync_api").expect
SHOTS = os.environ.get("BROWSER_SCREENSHOTS", "/tmp")


def phone(browser, live_server, user=None):
    context = browser.new_context(viewport=PHONE, locale="ro-RO", is_mobile=True, has_touch=True)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def photographed_piece(vendor, n=3):
    piece = public_piece(vendor, title="Geantă Lady Dior medie", price="17250.00")
    for i in range(n):
        image = ProductImage(product=piece, alt_text=f"Lady Dior, fotografia {i + 1}", is_primary=i == 0, position=i)
        image.original.save(f"p{i}.jpg", SimpleUploadedFile(f"p{i}.jpg", jpeg_bytes(size=(800, 1000), colour=(60 + 50 * i, 40, 30))), save=False)
        image.image.name = image.original.name
        image.save()
    return piece


def test_product_page_on_a_phone(browser, live_server):
    vendor, _order = rated_vendor(rating=5, shop_name="Maison Lux")
    piece = photographed_piece(vendor)
    page = phone(browser, live_server).new_page()
    page.goto(f"{live_server.url}/products/{piece.pk}/")
    page.screenshot(path=f"{SHOTS}/prod-product-top.png")
    # the price and the button are above the fold, under the gallery
    for selector in ("[data-price]", "[data-add-to-cart]"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], selector
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # while the page's own button is in view, the sticky bar stays away
    expect(page.locator("[data-buybar]")).to_be_hidden()  # the observer runs after layout: wait for it

    # swipe: the counter follows
    page.locator("[data-gallery]").evaluate("g => g.scrollTo({left: g.clientWidth, behavior: 'instant'})")
    expect(page.locator("[data-gallery-index]")).to_have_text("2")

    # tap to zoom; a double tap zooms in, Escape closes
    page.locator("[data-gallery] img").nth(1).click()
    assert page.locator("[data-zoom]").evaluate("d => d.open")
    page.locator("[data-zoom-image]").dblclick()
    assert "scale(2.5)" in page.locator("[data-zoom-image]").evaluate("i => i.style.transform")
    page.screenshot(path=f"{SHOTS}/prod-product-zoom.png")
    page.keyboard.press("Escape")
    assert not page.locator("[data-zoom]").evaluate("d => d.open")

    # further down: the grade in words, the seller card, delivery; the sticky bar is there and buys
    page.locator("#condition").scroll_into_view_if_needed()
    expect(page.locator("[data-buybar]")).to_be_visible()
    assert "Maison Lux" in page.locator("[data-seller-card]").inner_text()
    assert "1 recenzie" in page.locator("[data-seller-card]").inner_text()
    assert "Retur" in page.locator("[data-returns]").locator("xpath=..").inner_text()
    page.screenshot(path=f"{SHOTS}/prod-product-details.png")
    page.locator("[data-buybar-button]").click()
    expect(page.locator("[data-buybar-button]")).to_contain_text("✓")
    page.screenshot(path=f"{SHOTS}/prod-product-bar.png")
    page.goto(f"{live_server.url}/cart/")
    assert "Geantă Lady Dior medie" in page.content()
    page.context.close()


def test_my_bids_on_a_phone(browser, live_server):
    ana, _lots = bids_scene()
    page = phone(browser, live_server, ana).new_page()
    page.goto(f"{live_server.url}/customers/bids/")
    assert page.locator("h1").inner_text() == "Licitațiile mele"
    live = page.locator('[data-section="live"]')
    assert live.locator('[data-state="leading"]').inner_text() == "Conduceți"
    assert live.locator('[data-state="outbid"]').inner_text() == "Ofertă depășită"
    countdown = live.locator("[data-countdown]").first
    expect(countdown).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    assert re.search(r"\d\d:\d\d:\d\d", countdown.inner_text())
    won = page.locator('[data-section="won"]')
    assert "Lot câștigat" in won.inner_text() and won.locator("[data-pay]").is_visible()
    assert "Lot pierdut" in page.locator('[data-section="lost"]').inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=f"{SHOTS}/prod-my-bids.png", full_page=True)
    page.context.close()


def test_a_too_low_bid_is_refused_before_the_dialog_and_the_history_follows(browser, live_server):
    auction = live_auction(approved_vendor(), starting_price="500.00", title="Kelly 28 la licitație")
    page = phone(browser, live_server, customer()).new_page()
    page.goto(f"{live_server.url}/auctions/{auction.pk}/")
    page.fill("#bid-amount", "120")
    page.locator("[data-bid-form] button[type=submit]").click()
    error = page.locator("[data-bid-error]")
    assert error.is_visible() and "500,00" in error.inner_text()
    assert not page.locator("[data-bid-confirm]").evaluate("d => d.open")
    assert not Bid.objects.exists()
    page.screenshot(path=f"{SHOTS}/prod-bid-too-low.png")

    page.fill("#bid-amount", "650")
    page.locator("[data-bid-form] button[type=submit]").click()
    assert page.locator("[data-bid-confirm]").evaluate("d => d.open")
    page.locator("[data-confirm-yes]").click()
    expect(page.locator("[data-history-rows] tr")).to_have_count(1)
    assert page.locator("[data-history]").is_visible()
    assert Bid.objects.count() == 1
    page.context.close()
