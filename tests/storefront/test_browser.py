"""The storefront in a real browser: headless Debian Chromium on a 390×844 phone viewport.

Run by `make test` when /usr/bin/chromium exists and always by `.ci/run` (which installs it).
Playwright drives the system browser through ``executable_path``; no browser is downloaded.
The Content-Security-Policy is on: any violation in these pages fails the test (tests/browser/support.py).
"""

import re
from decimal import Decimal

import pytest
from django.test import Client

from marketplace.customers.models import Favorite
from marketplace.orders.models import Order
from marketplace.products.models import Brand
from tests.browser.support import needs_chromium

from .conftest import public_piece

PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


# The live server needs committed rows (a transactional database, emptied after each test, roles
# included): these people are made without the roles the other tests' factories assign.
@pytest.fixture
def vendor():
    from tests.factories import VendorFactory

    return VendorFactory(status="approved")


@pytest.fixture
def buyer():
    from tests.factories import UserFactory

    return UserFactory()


def phone(browser, live_server, user=None):
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True, locale="ro-RO")
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def test_buyer_browses_filters_opens_a_piece_favorites_it_and_checks_out_cash_on_delivery(
    browser, live_server, vendor, buyer
):
    gucci = Brand.objects.create(name="Gucci", slug="gucci")
    for n in range(30):
        public_piece(vendor, title=f"Geantă {n:02d}", price=f"{1000 + n}.00")
    public_piece(vendor, title="Mocasini Gucci", brand=gucci, price="2100.00")
    page = phone(browser, live_server, buyer).new_page()

    # browse: the first page shows 24 pieces; scrolling to the end loads the rest without a reload
    page.goto(f"{live_server.url}/products/")
    cards = page.locator("[data-grid] .card-product")
    assert cards.count() == 24
    page.evaluate("window.notReloaded = true")
    page.locator(".more").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelectorAll('[data-grid] .card-product').length === 31")

    # filter: choosing a brand narrows the grid in place (same document, address updated)
    page.locator("details summary").click()
    page.select_option("select[name=brand]", "gucci")
    page.wait_for_function("() => document.querySelectorAll('[data-grid] .card-product').length === 1")
    assert page.evaluate("window.notReloaded") is True
    assert "brand=gucci" in page.url
    assert cards.first.locator(".title").inner_text() == "Mocasini Gucci"

    # open the piece and favourite it
    cards.first.locator("a.card-link").click()
    page.wait_for_url("**/products/*/")
    assert page.locator("h1").inner_text() == "Mocasini Gucci"
    heart = page.locator("button[data-favorite]")
    heart.click()
    page.wait_for_function("() => document.querySelector('button[data-favorite]').getAttribute('aria-pressed') === 'true'")
    assert Favorite.objects.filter(user=buyer, product__title="Mocasini Gucci").exists()

    # add it to the cart, then check out with cash on delivery (the orders app's pages)
    page.locator("button[data-add-to-cart]").click()
    page.wait_for_function("() => document.querySelector('[data-add-to-cart]').textContent.includes('✓')")  # no reload
    page.goto(f"{live_server.url}/cart/checkout/")
    page.fill("input[name=shipping_name]", "Ana Popescu")
    page.fill("input[name=shipping_phone]", "0722 123 456")
    page.fill("input[name=shipping_address]", "Strada Lipscani 12")
    page.fill("input[name=shipping_city]", "București")
    page.select_option("select[name=shipping_county]", "București")
    page.fill("input[name=shipping_postal_code]", "030031")
    page.check(f"input[name=delivery_{vendor.pk}][value=courier]")
    page.check("input[name=payment_method][value=cod]")
    page.check("input[name=terms]")
    page.get_by_role("button", name=re.compile("Plasează|Place order")).click()
    page.wait_for_url("**/payment-success/*/")
    order = Order.objects.get(buyer=buyer)
    assert order.payment_method == "cod" and order.number in page.content()
    assert [item.title for item in order.items.all()] == ["Mocasini Gucci"]


def test_service_worker_installs_and_a_visited_piece_opens_offline(browser, live_server, vendor):
    seen = public_piece(vendor, title="Kelly 28 Noir")
    unseen = public_piece(vendor, title="Never opened")
    context = phone(browser, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    # the worker installs (app shell precached) and takes control of the page
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    assert page.evaluate("caches.keys().then((keys) => keys.some((k) => k.startsWith('shell-')))") is True
    page.goto(f"{live_server.url}/products/{seen.pk}/")
    assert page.locator("h1").inner_text() == "Kelly 28 Noir"

    context.set_offline(True)
    page.goto(f"{live_server.url}/products/{seen.pk}/")
    assert page.locator("h1").inner_text() == "Kelly 28 Noir"
    # a piece never opened shows the offline page instead of the browser's error
    page.goto(f"{live_server.url}/products/{unseen.pk}/")
    assert page.locator("h1").inner_text() in ("Sunteți offline", "You are offline")
    context.close()


def test_bidder_sees_the_price_rise_when_another_bidder_outbids_them(browser, live_server, vendor, buyer):
    from marketplace.auctions.services import auction_place_bid
    from tests.factories import UserFactory, live_auction

    auction = live_auction(vendor)
    rival = UserFactory()
    page = phone(browser, live_server, buyer).new_page()
    page.goto(f"{live_server.url}/auctions/{auction.pk}/")
    price = page.locator('[data-field="price"]')
    opening = price.inner_text()

    # the buyer bids the minimum, confirms it in the dialog, and leads (no reload)
    minimum_text = page.locator('[data-field="minimum_bid"]').inner_text()  # written like every price: 100,00
    minimum = Decimal(minimum_text.replace(".", "").replace(",", "."))
    page.fill("#bid-amount", minimum_text)
    page.locator("[data-bid-form] button[type=submit]").click()
    confirm = page.locator("[data-bid-confirm]")
    confirm.wait_for(state="visible")
    assert confirm.locator("[data-confirm-amount]").inner_text() == minimum_text
    confirm.locator("[data-confirm-yes]").click()
    page.locator('[data-field="leader"]').wait_for(state="visible")
    assert page.locator('[data-field="bids_count"]').inner_text() == "1"
    # the countdown runs
    remaining = page.locator("[data-countdown]").inner_text()
    page.wait_for_function("([el, old]) => el.textContent !== old", arg=[page.locator("[data-countdown]").element_handle(), remaining])

    # another bidder outbids them; the open page shows the new price without a reload
    page.evaluate("window.notReloaded = true")
    auction.refresh_from_db()
    auction_place_bid(auction=auction, user=rival, amount=str(minimum + 500))
    auction.refresh_from_db()
    page.wait_for_function(
        "([el, old]) => el.textContent.trim() !== old", arg=[price.element_handle(), price.inner_text()], timeout=15000
    )
    # proxy bidding: the rival leads at one increment above the buyer's maximum
    shown = Decimal(price.inner_text().replace(".", "").replace(",", "."))
    assert shown == auction.current_price and auction.current_price > Decimal(opening.replace(".", "").replace(",", "."))
    assert page.evaluate("window.notReloaded") is True
    assert page.locator('[data-field="leader"]').is_hidden()
