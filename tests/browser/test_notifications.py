"""Ana on her phone (390×844, Romanian): the bell's unread badge in the header, the inbox (open, mark read,
mark all read, pages), the preferences table, and the outbid notice on a lot's page the moment another
bidder takes the lead (the live server is WSGI: the page falls back to polling auction_status every 5 s).

Headless Debian Chromium, CSP watched (tests/browser/support.py). Screenshots go to $SCREENSHOTS (or /tmp).
"""

import os
from pathlib import Path

import pytest
from django.test import Client

from marketplace.auctions.services import auction_place_bid
from marketplace.notifications.models import Notification
from tests.browser.support import needs_chromium
from tests.factories import customer, live_auction

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp"))

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def phone(browser, live_server, user):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="ro-RO")
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def ana():
    user = customer(email="ana@snobistic.ro", first_name="Ana")
    user.profile.language = "ro"
    user.profile.save()
    return user


def test_the_bell_and_the_inbox_on_a_phone(browser, live_server, csp_watch):
    buyer = ana()
    for i in range(23):
        Notification.objects.create(user=buyer, kind="order", title=f"Comanda SNB-{i:03d} este pe drum",
                                    body="Comanda dumneavoastră este pe drum.", url="/cart/orders/")
    Notification.objects.create(user=buyer, kind="outbid", title="Oferta dumneavoastră a fost depășită: Kelly 28",
                                body="Prețul este acum 2.100,00 lei. Măriți maximul ca să conduceți din nou.", url="/auctions/")
    Notification.objects.filter(user=buyer, title__endswith="SNB-000 este pe drum").update(read_at="2026-11-30T10:00Z")
    context = phone(browser, live_server, buyer)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    bell = page.locator("[data-bell]")
    assert bell.get_attribute("aria-label") == "Notificări, 23 necitite"
    assert page.locator("[data-bell-count]").inner_text() == "23"
    box = bell.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"] and box["width"] >= 44 and box["height"] >= 44  # a finger-sized target, on screen
    page.screenshot(path=str(SHOTS / "notif-bell-390.png"))

    bell.click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_role("heading", name="Notificări").is_visible()
    assert page.locator("[data-notification]").count() == 20
    assert page.get_by_text("Pagina 1 din 2").is_visible()
    page.screenshot(path=str(SHOTS / "notif-inbox-390.png"), full_page=False)
    # the newest is first: mark it read, the badge goes down by one
    page.locator("[data-notification]").first.get_by_role("button", name="Marchează citită").click()
    page.wait_for_load_state()
    assert page.locator("[data-bell-count]").inner_text() == "22"
    # opening a notice marks it read and goes to its page
    page.get_by_role("button", name="Necitită: Comanda SNB-022 este pe drum").click()
    page.wait_for_url("**/cart/orders/")
    assert page.locator("[data-bell-count]").inner_text() == "21"
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("button", name="Marchează tot ca citit").click()
    page.get_by_text("Toate notificările sunt marcate drept citite.").wait_for()
    assert page.locator("[data-bell-count]").count() == 0 and page.locator("li.unread").count() == 0
    page.get_by_role("link", name="Pagina următoare").click()
    assert page.locator("[data-notification]").count() == 4

    page.goto(f"{live_server.url}/notifications/preferences/")
    table = page.locator(".prefs-table")
    assert table.bounding_box()["width"] <= PHONE["width"]  # kind × four channels fit the phone
    page.get_by_label("Preț redus: E-mail").uncheck()
    page.locator("[data-preferences]").get_by_role("button", name="Salvează").click()
    page.get_by_text("Preferințele pentru notificări au fost salvate.").wait_for()
    assert not page.get_by_label("Preț redus: E-mail").is_checked()
    assert page.get_by_label("Comandă: E-mail").is_disabled() and page.get_by_label("Comandă: E-mail").is_checked()
    page.screenshot(path=str(SHOTS / "notif-preferences-390.png"), full_page=True)
    context.close()
    csp_watch.assert_none()


def test_the_lot_page_tells_a_leader_at_once_when_outbid(browser, live_server, csp_watch):
    buyer = ana()
    auction = live_auction(title="Geantă Kelly 28")
    auction_place_bid(auction=auction, user=buyer, amount="150")
    rival = customer()  # made before the page polls (SQLite: one writer at a time)
    context = phone(browser, live_server, buyer)
    page = context.new_page()
    page.goto(f"{live_server.url}/auctions/{auction.pk}/")
    assert page.get_by_text("Aveți cea mai mare ofertă.").is_visible()
    notice = page.locator("[data-outbid-notice]")
    assert notice.is_hidden()
    auction_place_bid(auction=auction, user=rival, amount="400")
    notice.wait_for(state="visible", timeout=12000)
    auction.refresh_from_db()
    price = f"{auction.current_price:.2f}".replace(".", ",")
    assert notice.inner_text() == (
        f"Oferta dumneavoastră a fost depășită: prețul este acum {price} lei. Măriți maximul ca să conduceți din nou."
    )
    assert notice.get_attribute("role") == "alert"
    box = notice.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]  # in view without scrolling
    page.screenshot(path=str(SHOTS / "notif-outbid-390.png"))
    notice.click()  # a tap closes it and puts the cursor in the bid field
    assert notice.is_hidden() and page.evaluate("document.activeElement.id") == "bid-amount"
    context.close()
    csp_watch.assert_none()
