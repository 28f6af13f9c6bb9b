"""The storefront's notification pages: the bell, the inbox (mark read, mark all read, constant queries,
paginated), the kind × channel preferences page and the e-mails' one-click unsubscribe (RFC 8058)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from marketplace.notifications.models import Notification, NotificationPreference
from marketplace.notifications.services import notify
from marketplace.notifications.unsubscribe import unsubscribe_token
from tests.factories import customer, live_auction

pytestmark = pytest.mark.django_db


def speaks(user, language):
    user.profile.language = language
    user.profile.save()
    return user


def client_for(user, language="ro"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def note(user, n=1, **fields):
    return [
        Notification.objects.create(user=user, kind=fields.get("kind", "order"), title=f"Titlu {i}", body=f"Text {i}",
                                    url=fields.get("url", "/cart/orders/"))
        for i in range(n)
    ]


def test_the_bell_shows_the_unread_count_in_the_header():
    buyer = customer()
    note(buyer, 3)
    Notification.objects.filter(pk=Notification.objects.filter(user=buyer).first().pk).update(read_at="2026-01-01T00:00Z")
    html = client_for(buyer).get(reverse("home")).content.decode()
    assert 'data-bell' in html and re.search(r'data-bell-count>2<', html)
    assert "Notificări, 2 necitite" in html
    Notification.objects.filter(user=buyer).update(read_at="2026-01-01T00:00Z")
    html = client_for(buyer).get(reverse("home")).content.decode()
    assert "data-bell" in html and "data-bell-count" not in html


def test_no_bell_for_a_visitor(client):
    assert "data-bell" not in client.get(reverse("home")).content.decode()


def test_inbox_lists_newest_first_marks_one_read_then_all():
    buyer, other = customer(), customer()
    first, second, third = note(buyer, 3)
    note(other, 1)
    client = client_for(buyer, "en")
    html = client.get(reverse("notifications_inbox")).content.decode()
    assert html.index("Titlu 2") < html.index("Titlu 1") < html.index("Titlu 0") and html.count('class="unread"') == 3
    client.post(reverse("notifications_inbox"), {"id": [str(second.pk), str(Notification.objects.get(user=other).pk)]})
    assert set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True)) == {second.pk}  # not other's
    response = client.post(reverse("notifications_inbox"), {"action": "read_all"}, follow=True)
    assert "All notifications are marked read." in response.content.decode()
    assert not Notification.objects.filter(user=buyer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1


def test_opening_a_notice_marks_it_read_and_follows_its_link_on_this_site_only():
    buyer = customer()
    [inside] = note(buyer, url="/cart/orders/")
    [outside] = note(buyer, url="https://evil.example/phish")
    client = client_for(buyer)
    assert client.get(reverse("notification_open", args=[inside.pk])).status_code == 405
    assert client.post(reverse("notification_open", args=[inside.pk]))["Location"] == "/cart/orders/"
    assert client.post(reverse("notification_open", args=[outside.pk]))["Location"] == reverse("notifications_inbox")
    assert not Notification.objects.filter(user=buyer, read_at__isnull=True).exists()


@pytest.mark.parametrize("count", [1, 45])
def test_inbox_costs_the_same_queries_for_one_or_many_and_pages_by_twenty(count, django_assert_max_num_queries):
    buyer = customer()
    note(buyer, count)
    client = client_for(buyer)
    client.get(reverse("notifications_inbox"))  # session and profile warmed
    with django_assert_max_num_queries(12):
        html = client.get(reverse("notifications_inbox")).content.decode()
    assert html.count("data-notification=") == min(count, 20)
    if count > 20:
        assert "Pagina 1 din 3" in html
        last = client.get(reverse("notifications_inbox") + "?page=3").content.decode()
        assert last.count("data-notification=") == 5


def test_the_inbox_asks_a_visitor_to_sign_in(client):
    assert reverse("login") in client.get(reverse("notifications_inbox"))["Location"]


def test_preferences_page_saves_kind_by_channel_and_keeps_locked_channels_on():
    buyer = speaks(customer(), "ro")
    client = client_for(buyer)
    html = client.get(reverse("notifications_preferences")).content.decode()
    assert "Preferințe pentru notificări" in html
    assert 'name="order:email" aria-label="Comandă: E-mail" checked disabled' in html  # a receipt cannot be turned off
    assert 'name="auction_ending:email"' in html and 'name="auction_ending:email" aria-label="Licitație aproape de final: E-mail">' in html
    assert 'name="shop_order:inbox"' not in html  # a shop's kinds only for vendors
    # untick price drops by e-mail and outbid by push; tick auction ending by e-mail; try to untick the order receipt
    ticked = {f"{kind}:{ch}": "on" for kind, ch in [
        ("order", "push"), ("shipment", "push"), ("shipment", "email"), ("shipment", "sms"), ("return", "push"),
        ("outbid", "inbox"), ("outbid", "email"), ("auction_won", "push"), ("auction_won", "sms"),
        ("auction_ending", "inbox"), ("auction_ending", "push"), ("auction_ending", "email"),
        ("price_drop", "inbox"), ("price_drop", "push"), ("message", "push"), ("message", "email"),
        ("ticket", "push"), ("authenticity", "push"), ("authenticity", "email"),
    ]}
    assert client.post(reverse("notifications_preferences"), ticked).status_code == 302
    channels = NotificationPreference.objects.get(user=buyer).channels
    assert channels["price_drop"]["email"] is False and channels["outbid"]["push"] is False
    assert channels["auction_ending"]["email"] is True and "email" not in channels["order"]  # locked: not stored
    mail.outbox.clear()
    product_auction = live_auction()
    notify(buyer, "price_drop", {"item": {"product": product_auction.product}, "price": "90,00", "was": "100,00"})
    assert mail.outbox == [] and Notification.objects.filter(user=buyer, kind="price_drop").exists()
    notify(buyer, "auction_ending", {"auction": product_auction, "price": "10,00", "ends": "21:00"})
    assert len(mail.outbox) == 1


def _unsubscribe_link(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    return header[1:-1]


@pytest.mark.parametrize(("language", "page_text", "done_text"), [
    ("ro", "Nu mai primiți e-mailuri despre „Ofertă depășită”?", "Gata: nu mai primiți e-mailuri despre „Ofertă depășită”."),
    ("en", "Stop e-mails about “Outbid”?", "Done: you will get no more e-mails about “Outbid”."),
])
def test_an_outbid_email_carries_one_click_unsubscribe_that_switches_that_kind_off(language, page_text, done_text):
    buyer = speaks(customer(), language)
    auction = live_auction()
    mail.outbox.clear()
    notify(buyer, "outbid", {"auction": auction, "price": "210,00"})
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = _unsubscribe_link(message)
    assert link in message.body and link in message.alternatives[0][0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = anonymous.get("/" + path)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and page_text in page.content.decode()
    assert not NotificationPreference.objects.filter(user=buyer).exists()
    # the mail client's one-click POST: no session, no CSRF token
    done = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language).post(
        "/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert done.status_code == 200 and done_text in done.content.decode()
    assert NotificationPreference.objects.get(user=buyer).channels == {"outbid": {"email": False}}
    mail.outbox.clear()
    notify(buyer, "outbid", {"auction": auction, "price": "220,00"})
    assert mail.outbox == [] and Notification.objects.filter(user=buyer, kind="outbid").count() == 2


def test_transactional_emails_carry_no_unsubscribe_and_forged_tokens_are_refused(client):
    buyer = customer()
    auction = live_auction()
    mail.outbox.clear()
    notify(buyer, "auction_won", {"auction": auction})
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    locked = unsubscribe_token(user_id=buyer.pk, kind="auction_won")  # a kind whose e-mail cannot be stopped
    forged = unsubscribe_token(user_id=buyer.pk, kind="outbid")[:-2] + "xx"
    for token in (locked, forged, "nonsense"):
        url = reverse("notifications_unsubscribe", args=[token])
        assert client.get(url).status_code == 400 and client.post(url).status_code == 400
    assert not NotificationPreference.objects.filter(user=buyer).exists()
