"""The conversation doors: the buyer's storefront pages, the vendor site's chat page, the staff review list.

Given two buyers and two shops, each reaches only their own conversations (404 for the others'), the buttons
lead to ``chat_with_vendor``, refusals come back through the one error table, and the badges count unread."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from backoffice.vendor_chat import unread_badge
from marketplace.chat.models import Conversation, Message
from marketplace.chat.services import conversation_start, message_send
from tests.factories import login_with_second_factor, shop_manager
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


def signed_in(user, *, vendor=False) -> Client:
    client = Client()
    if vendor:
        login_with_second_factor(client, user)
    else:
        client.force_login(user)
    return client


def test_ask_the_seller_from_a_product_page_starts_one_conversation(buyer, piece, shop):
    client = signed_in(buyer)
    page = client.get(reverse("product_detail", args=[piece.pk]))
    ask = f'{reverse("chat_with_vendor", args=[shop.pk])}?product={piece.pk}'
    assert ask.replace("&", "&amp;") in page.content.decode()
    form = client.get(ask)
    assert form.status_code == 200 and Conversation.objects.count() == 0  # a visit leaves no empty conversation
    sent = client.post(reverse("chat_with_vendor", args=[shop.pk]), {"product": piece.pk, "text": "Mai este disponibilă?"})
    conversation = Conversation.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse("conversation_detail", args=[conversation.pk])
    assert client.get(ask)["Location"] == reverse("conversation_detail", args=[conversation.pk])
    thread = client.get(reverse("conversation_detail", args=[conversation.pk]))
    assert "Mai este disponibilă?" in thread.content.decode()


def test_ask_the_seller_from_an_order(buyer, other_buyer, piece, shop):
    order = place_order(buyer, [piece])
    page = signed_in(buyer).get(reverse("order_detail", args=[order.pk]))
    assert f'{reverse("chat_with_vendor", args=[shop.pk])}?order={order.pk}' in page.content.decode()
    assert signed_in(other_buyer).get(f'{reverse("chat_with_vendor", args=[shop.pk])}?order={order.pk}').status_code == 404


def test_buyer_a_never_reaches_buyer_bs_conversation(conversation, buyer, other_buyer):
    message_send(conversation=conversation, sender=buyer, text="Bună ziua")
    mine, theirs = signed_in(buyer), signed_in(other_buyer)
    for name in ("conversation_detail", "conversation_messages"):
        assert mine.get(reverse(name, args=[conversation.pk])).status_code == 200
        assert theirs.get(reverse(name, args=[conversation.pk])).status_code == 404
    refused = theirs.post(reverse("send_message", args=[conversation.pk]), {"text": "x"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert conversation.messages.count() == 1
    assert "Bună ziua" not in theirs.get(reverse("conversations")).content.decode()


def test_vendor_a_never_reaches_vendor_bs_conversation(conversation, buyer, shop, other_shop):
    message_send(conversation=conversation, sender=buyer, text="Are cutie?")
    own, other = signed_in(shop.user, vendor=True), signed_in(other_shop.user, vendor=True)
    page = own.get(reverse("vendor_chat_thread", args=[conversation.pk]))
    assert page.status_code == 200 and "Are cutie?" in page.content.decode()
    assert other.get(reverse("vendor_chat_thread", args=[conversation.pk])).status_code == 404
    assert other.post(reverse("vendor_chat_thread", args=[conversation.pk]), {"text": "x"}).status_code == 404
    assert "Are cutie?" not in other.get(reverse("vendor_chat")).content.decode()
    # the shop answers from the vendor site, not through the buyer's pages
    assert own.get(reverse("conversation_detail", args=[conversation.pk])).status_code == 404


def test_the_shop_replies_from_the_vendor_site_and_the_buyer_polls_it(conversation, buyer, shop):
    message_send(conversation=conversation, sender=buyer, text="Se poate rezerva?")
    vendor = signed_in(shop.user, vendor=True)
    answer = vendor.post(
        reverse("vendor_chat_thread", args=[conversation.pk]), {"text": "Da, până mâine."}, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 201 and answer.json()["side"] == "vendor" and answer.json()["mine"] is True
    first_id = conversation.messages.order_by("pk").first().pk
    polled = signed_in(buyer).get(reverse("conversation_messages", args=[conversation.pk]), {"after": first_id}).json()
    assert [m["text"] for m in polled["messages"]] == ["Da, până mâine."] and polled["messages"][0]["mine"] is False
    # the buyer's poll marked it read: the shop sees the receipt
    receipts = vendor.get(
        reverse("vendor_chat_thread", args=[conversation.pk]), {"after": 0}, HTTP_ACCEPT="application/json"
    ).json()
    assert receipts["read_up_to"] == answer.json()["id"]


def test_masked_text_is_shown_with_a_notice_and_passes_once_ordered(conversation, buyer, shop, piece):
    client = signed_in(buyer)
    client.post(reverse("send_message", args=[conversation.pk]), {"text": "Numărul meu: 0722 123 456"})
    page = client.get(reverse("conversation_detail", args=[conversation.pk])).content.decode()
    assert "0722" not in page and "•••" in page
    place_order(buyer, [piece])
    client.post(reverse("send_message", args=[conversation.pk]), {"text": "Numărul meu: 0722 123 456"})
    assert "0722 123 456" in client.get(reverse("conversation_detail", args=[conversation.pk])).content.decode()


def test_too_many_messages_answer_429_with_the_code(conversation, buyer, settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 2
    client = signed_in(buyer)
    url = reverse("send_message", args=[conversation.pk])
    for n in range(2):
        assert client.post(url, {"text": f"m{n}"}, HTTP_ACCEPT="application/json").status_code == 201
    refused = client.post(url, {"text": "m3"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 429 and refused.json()["code"] == "chat_rate_limited"


def test_reporting_a_message_from_either_side(conversation, buyer, shop):
    from_shop = message_send(conversation=conversation, sender=shop.user, text="Plătiți pe revolut.me/x")
    from_buyer = message_send(conversation=conversation, sender=buyer, text="Nu")
    assert signed_in(buyer).post(
        reverse("report_message", args=[conversation.pk, from_shop.pk]), {"reason": "off_platform"}
    ).status_code == 302
    assert signed_in(shop.user, vendor=True).post(
        reverse("vendor_report_message", args=[conversation.pk, from_buyer.pk]), {"reason": "abusive"}
    ).status_code == 302
    assert from_shop.reports.count() == 1 and from_buyer.reports.count() == 1


def test_unread_badges_in_the_tab_bar_and_the_vendor_menu(conversation, buyer, shop):
    message_send(conversation=conversation, sender=shop.user, text="Da")
    message_send(conversation=conversation, sender=shop.user, text="Mai aveți întrebări?")
    message_send(conversation=conversation, sender=buyer, text="Nu, mulțumesc")
    home = signed_in(buyer).get(reverse("home")).content.decode()
    assert 'data-unread-messages aria-label="2' in home
    vendor_page = signed_in(shop.user, vendor=True).get(reverse("vendors:index")).content.decode()
    assert reverse("vendor_chat") in vendor_page
    request = RequestFactory().get("/vendors/")
    request.user = shop.user
    assert unread_badge(request) == "1"


def test_staff_see_reported_and_masked_conversations_only(buyer, piece, other_piece, shop, django_assert_max_num_queries):
    clean = conversation_start(buyer=buyer, product=other_piece)
    message_send(conversation=clean, sender=buyer, text="Ce mărime are?")
    flagged = conversation_start(buyer=buyer, product=piece)
    message_send(conversation=flagged, sender=shop.user, text="Scrieți-mi la ana@example.ro")
    staff = Client()
    manager = shop_manager(is_superuser=True)
    login_with_second_factor(staff, manager)
    listing = staff.get(reverse("admin:chat_conversation_changelist"))
    assert listing.status_code == 200
    rows = listing.context["cl"].result_list
    assert [c.pk for c in rows] == [flagged.pk]
    detail = staff.get(reverse("admin:chat_conversation_change", args=[flagged.pk])).content.decode()
    assert "ana@example.ro" in detail  # the original, for staff review only
    assert Message.objects.get(conversation=flagged).text.count("•••") == 1
