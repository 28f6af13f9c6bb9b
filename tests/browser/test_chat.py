"""A buyer on a phone asks the seller a question from a piece's page and sees the answer arrive without a reload.

Headless Debian Chromium at 390×844, Romanian, CSP watched (tests/browser/support.py). The live server is WSGI,
so the page's websocket cannot open there and the thread falls back to polling its JSON endpoint: this is the
fallback path end to end (the socket path is tests/realtime/test_chat.py). The shop's answer is sent through
``message_send``, as the vendor site does.
"""

import pytest
from django.test import Client

from marketplace.chat.models import Conversation
from marketplace.chat.services import message_send
from tests.browser.support import needs_chromium
from tests.factories import approved_vendor, buyable, customer

PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_buyer_asks_on_a_product_page_and_sees_the_answer_arrive_live(browser, live_server):
    shop = approved_vendor(shop_name="Maison Ana")
    piece = buyable(shop, title="Geantă Kelly 28")
    buyer = customer(email="ioana@example.ro")
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True, locale="ro-RO")
    client = Client()
    client.force_login(buyer)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()

    page.goto(f"{live_server.url}/products/{piece.pk}/")
    page.get_by_role("link", name="Întreabă vânzătorul").click()
    page.get_by_label("Întrebarea dumneavoastră").fill("Bună ziua, are cutia originală?")
    page.get_by_role("button", name="Trimiteți").click()
    page.wait_for_url("**/chat/*/")
    assert page.locator(".msg.mine .msg-text").inner_text() == "Bună ziua, are cutia originală?"

    page.evaluate("window.notReloaded = true")
    conversation = Conversation.objects.get()
    message_send(conversation=conversation, sender=shop.user, text="Da, cu cutie și factură.")
    answer = page.locator(".msg.theirs .msg-text")
    answer.wait_for(state="visible", timeout=15000)
    assert answer.inner_text() == "Da, cu cutie și factură."
    assert page.evaluate("window.notReloaded") is True
    # the open page marked the answer read: the shop sees the receipt
    assert conversation.messages.filter(sender_side="vendor", read_at__isnull=False).count() == 1
    context.close()
