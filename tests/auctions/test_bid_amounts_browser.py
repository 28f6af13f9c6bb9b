"""On the auction page, the bid box reads amounts as the server does: 1.234,50 is confirmed as 1.234,50 lei,
1e3 is refused before anything is sent."""

import pytest
from django.test import Client

from marketplace.auctions.models import Auction
from tests.browser.support import needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


def test_a_romanian_amount_is_confirmed_and_placed_and_an_exponent_is_refused(browser, live_server):
    from tests.factories import UserFactory, VendorFactory, live_auction

    auction = live_auction(VendorFactory(status="approved"))
    bidder = Client()
    bidder.force_login(UserFactory())
    context = browser.new_context(locale="ro-RO")
    context.add_cookies([{"name": "sessionid", "value": bidder.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/auctions/{auction.pk}/")
    error = page.locator("[data-bid-error]")
    confirm = page.locator("[data-bid-confirm]")

    # "1e3" is not an amount: the box says so and no dialog opens
    page.fill("#bid-amount", "1e3")
    page.locator("[data-bid-form] button[type=submit]").click()
    error.wait_for(state="visible")
    assert not confirm.is_visible()

    # "1.234,50" is confirmed as written and placed as 1 234,50 lei
    page.fill("#bid-amount", "1.234,50")
    page.locator("[data-bid-form] button[type=submit]").click()
    confirm.wait_for(state="visible")
    assert confirm.locator("[data-confirm-amount]").inner_text().startswith("1.234,50")
    confirm.locator("[data-confirm-yes]").click()
    page.locator('[data-field="leader"]').wait_for(state="visible")
    assert str(Auction.objects.get(pk=auction.pk).leader_max) == "1234.50"
    context.close()
