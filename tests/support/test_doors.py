"""Support doors: who reaches which ticket (buyer A/B, vendor A/B, agent with and without assignment, manager),
the inbound-mail webhook (signature, replay), the staff queue's constant queries."""

import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.support.models import LiveChat, Ticket, TicketMessage
from marketplace.support.services import live_chat_start, ticket_create, ticket_take
from tests.factories import approved_vendor, customer, login_with_second_factor

from .helpers import SIGNING_KEY, agent, mailgun_fields, manager, online

pytestmark = pytest.mark.django_db


def _ticket(user, subject="Întrebare"):
    return ticket_create(requester=user, subject=subject, body="Bună ziua, am o întrebare.")


# --- storefront: requesters -------------------------------------------------------------------
def test_buyer_b_reaches_none_of_buyer_a_s_ticket_pages(client):
    ana, mihai = customer(), customer()
    ticket = _ticket(ana)
    client.force_login(mihai)
    assert client.get(reverse("ticket_detail", args=[ticket.pk])).status_code == 404
    assert client.post(reverse("ticket_respond", args=[ticket.pk]), {"body": "intrus"}).status_code == 404
    assert client.get(reverse("support_redirect", args=[ticket.pk])).status_code == 404
    assert ticket.messages.count() == 1
    assert b"Intrebare" not in client.get(reverse("tickets")).content
    client.force_login(ana)
    assert client.get(reverse("ticket_detail", args=[ticket.pk])).status_code == 200
    response = client.post(reverse("ticket_respond", args=[ticket.pk]), {"body": "Încă ceva"})
    assert response.status_code == 302 and ticket.messages.count() == 2


def test_vendor_b_cannot_see_vendor_a_s_ticket_on_the_storefront_or_the_vendor_site(client):
    shop_a, shop_b = approved_vendor(), approved_vendor()
    ticket = _ticket(shop_a.user, "Plata întârziată")
    login_with_second_factor(client, shop_b.user)
    assert client.get(reverse("ticket_detail", args=[ticket.pk])).status_code == 404
    assert client.get(reverse("vendor_ticket_detail", args=[ticket.pk])).status_code == 404
    assert "Plata întârziată" not in client.get(reverse("vendor_tickets")).content.decode()
    login_with_second_factor(client, shop_a.user)
    page = client.get(reverse("vendor_ticket_detail", args=[ticket.pk]))
    assert page.status_code == 200 and "Plata întârziată" in page.content.decode()
    assert "Plata întârziată" in client.get(reverse("vendor_tickets")).content.decode()


def test_a_vendor_opens_and_answers_a_ticket_from_the_vendor_site(client):
    shop = approved_vendor()
    login_with_second_factor(client, shop.user)
    response = client.post(reverse("vendor_tickets"), {"subject": "Retragere bani", "body": "Când primesc banii?"})
    ticket = Ticket.objects.get(requester=shop.user)
    assert response.status_code == 302 and ticket.source == Ticket.Source.VENDOR
    client.post(reverse("vendor_ticket_detail", args=[ticket.pk]), {"body": "Revin cu o întrebare."})
    assert ticket.messages.count() == 2


def test_live_chat_with_nobody_online_lands_on_the_support_redirect_page(client):
    ana = customer()
    client.force_login(ana)
    response = client.post(reverse("live_chat"), {"body": "Mă puteți ajuta cu un retur?"})
    chat = LiveChat.objects.get(requester=ana)
    assert chat.status == LiveChat.Status.TICKETED
    assert response.status_code == 302 and response["Location"] == reverse("support_redirect", args=[chat.ticket_id])
    page = client.get(response["Location"])
    assert page.status_code == 200 and reverse("ticket_detail", args=[chat.ticket_id]).encode() in page.content


def test_live_chat_waits_while_an_agent_is_online_and_polls_messages(client):
    online(agent())
    ana = customer()
    client.force_login(ana)
    client.post(reverse("live_chat"), {"body": "Salut"})
    chat = LiveChat.objects.get(requester=ana)
    assert chat.status == LiveChat.Status.WAITING
    assert client.get(reverse("live_chat")).status_code == 200
    data = client.get(reverse("live_chat_poll", args=[chat.pk])).json()
    assert data["status"] == "waiting" and [m["body"] for m in data["messages"]] == ["Salut"]
    client.force_login(customer())
    assert client.get(reverse("live_chat_poll", args=[chat.pk])).status_code == 404


# --- staff ------------------------------------------------------------------------------------
def test_an_agent_opens_unassigned_and_own_tickets_but_not_another_agent_s(client):
    ana = customer()
    free, other_s = _ticket(ana, "Liber"), _ticket(ana, "Altcineva")
    ticket_take(ticket=other_s, agent=agent())
    worker = agent()
    login_with_second_factor(client, worker)
    queue = client.get(reverse("admin:support_ticket_changelist")).content.decode()
    assert "Liber" in queue and "Altcineva" not in queue
    assert client.get(reverse("admin:support_ticket_change", args=[free.pk])).status_code == 200
    assert client.get(reverse("admin:support_ticket_change", args=[other_s.pk])).status_code == 404
    # without assignment the reply is refused; after taking it, it goes through
    client.post(reverse("admin:support_ticket_change", args=[free.pk]), {"action": "reply", "body": "Răspuns"})
    assert not free.messages.filter(from_staff=True).exists()
    client.post(reverse("admin:support_ticket_change", args=[free.pk]), {"action": "take"})
    client.post(reverse("admin:support_ticket_change", args=[free.pk]), {"action": "reply", "body": "Răspuns"})
    assert free.messages.filter(from_staff=True, body="Răspuns").exists()


def test_a_manager_sees_every_ticket_and_transfers_it(client):
    ana, first, second = customer(), agent(), agent()
    ticket = _ticket(ana)
    ticket_take(ticket=ticket, agent=first)
    boss = manager()
    login_with_second_factor(client, boss)
    assert client.get(reverse("admin:support_ticket_change", args=[ticket.pk])).status_code == 200
    client.post(reverse("admin:support_ticket_change", args=[ticket.pk]), {"action": "transfer", "agent": second.pk})
    ticket.refresh_from_db()
    assert ticket.assignee == second
    assert ticket.events.filter(type="transferred", actor=boss).exists()


def test_buyers_and_vendors_do_not_reach_the_staff_support_pages(client):
    client.force_login(customer())
    assert client.get(reverse("admin_chat")).status_code == 302  # the staff site sends them to sign in
    shop = approved_vendor()
    login_with_second_factor(client, shop.user)
    assert client.get(reverse("admin_chat_queue")).status_code in (302, 403)


def test_admin_chat_page_takes_and_answers_a_waiting_conversation(client):
    worker = agent()
    online(worker)
    ana = customer()
    chat = live_chat_start(requester=ana, body="Am nevoie de ajutor")
    login_with_second_factor(client, worker)
    page = client.get(reverse("admin_chat"))
    assert page.status_code == 200 and "Am nevoie de ajutor" in page.content.decode()
    json_headers = {"Accept": "application/json"}
    taken = client.post(reverse("admin_chat_action", args=[chat.pk]), {"action": "take"}, headers=json_headers)
    assert taken.status_code == 200 and taken.json()["status"] == "active"
    client.post(reverse("admin_chat_action", args=[chat.pk]), {"action": "send", "body": "Vă ascult."}, headers=json_headers)
    assert [m.body for m in chat.messages.all()] == ["Am nevoie de ajutor", "Vă ascult."]
    # a second agent can no longer take it, nor answer in it
    login_with_second_factor(client, agent())
    again = client.post(reverse("admin_chat_action", args=[chat.pk]), {"action": "take"}, headers=json_headers)
    assert again.status_code == 404  # not waiting any more and not theirs: out of their queue


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_ticket_queue_costs_the_same_queries_for_1_and_30_tickets(client):
    boss = manager()
    login_with_second_factor(client, boss)
    url = reverse("admin:support_ticket_changelist")
    _ticket(customer())
    few = _count(client, url)
    for _ in range(29):
        ticket_take(ticket=_ticket(customer()), agent=boss)
    assert _count(client, url) == few


def test_the_live_queue_costs_the_same_queries_for_1_and_20_conversations(client):
    worker = online(agent())
    login_with_second_factor(client, worker)
    url = reverse("admin_chat_queue")
    live_chat_start(requester=customer(), body="Primul")
    few = _count(client, url)
    for index in range(19):
        live_chat_start(requester=customer(), body=f"Întrebarea {index}")
    assert len(client.get(url).json()["chats"]) == 20
    assert _count(client, url) == few


def test_the_requester_ticket_list_costs_the_same_queries_for_1_and_20_tickets(client):
    ana = customer()
    client.force_login(ana)
    _ticket(ana)
    few = _count(client, reverse("tickets"))
    for _ in range(19):
        _ticket(ana)
    assert _count(client, reverse("tickets")) == few


# --- inbound e-mail ---------------------------------------------------------------------------
@override_settings(SUPPORT_INBOUND_SIGNING_KEY=SIGNING_KEY)
def test_an_e_mail_reply_is_added_once_without_its_quoted_history(client):
    ana = customer(email="ana@example.ro")
    ticket = _ticket(ana)
    url = reverse("support_inbound_email")
    body = "Mulțumesc, am primit coletul.\n\nOn Mon, 1 Dec 2026 at 10:00, SNOBISTIC <noreply@snobistic.ro> wrote:\n> Bună ziua, ...\n"
    fields = mailgun_fields(
        recipient=f"support+{ticket.reply_token}@reply.snobistic.ro", sender="ana@example.ro", text=body,
        message_id="<CAF1@mail.example.ro>",
    )
    first = client.post(url, fields)
    again = client.post(url, fields)  # Mailgun retries, or somebody replays it
    assert first.status_code == 200 and again.status_code == 200
    replies = TicketMessage.objects.filter(ticket=ticket, source="email")
    assert [m.body for m in replies] == ["Mulțumesc, am primit coletul."]
    assert ticket.events.filter(type="email_reply").count() == 1


@override_settings(SUPPORT_INBOUND_SIGNING_KEY=SIGNING_KEY)
def test_an_inbound_e_mail_with_a_bad_or_old_signature_or_another_sender_adds_nothing(client):
    ana = customer(email="ana@example.ro")
    ticket = _ticket(ana)
    url = reverse("support_inbound_email")
    recipient = f"support+{ticket.reply_token}@reply.snobistic.ro"
    forged = mailgun_fields(recipient=recipient, sender="ana@example.ro", text="x", message_id="<1@x>", key="wrong")
    assert client.post(url, forged).status_code == 403
    old = mailgun_fields(recipient=recipient, sender="ana@example.ro", text="x", message_id="<2@x>",
                         timestamp=int(time.time()) - 3600)
    assert client.post(url, old).status_code == 403
    stranger = mailgun_fields(recipient=recipient, sender="mallory@example.ro", text="x", message_id="<3@x>")
    assert client.post(url, stranger).status_code == 406
    unknown = mailgun_fields(recipient="support+" + "0" * 24 + "@reply.snobistic.ro", sender="ana@example.ro",
                             text="x", message_id="<4@x>")
    assert client.post(url, unknown).status_code == 406
    assert ticket.messages.count() == 1


def test_without_a_signing_key_the_webhook_refuses_everything(client):
    ticket = _ticket(customer(email="ana@example.ro"))
    fields = mailgun_fields(recipient=f"support+{ticket.reply_token}@reply.snobistic.ro", sender="ana@example.ro",
                            text="x", message_id="<5@x>")
    assert client.post(reverse("support_inbound_email"), fields).status_code == 403


def test_the_queue_flags_a_breached_ticket_and_filters_by_breach(client):
    from datetime import UTC, datetime, timedelta

    import time_machine

    boss = manager()
    login_with_second_factor(client, boss)
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        late = ticket_create(requester=customer(), subject="Urgent și uitat", body="x", priority="urgent")
        fine = ticket_create(requester=customer(), subject="Fără grabă", body="x", priority="low")
        clock.move_to(start + timedelta(minutes=45))
        url = reverse("admin:support_ticket_changelist")
        page = client.get(url).content.decode()
        assert page.count('data-sla="breached"') == 1 and page.count('data-sla="ok"') == 1
        assert "23 h 15 min" in page  # the low ticket's first answer is due in 24 h
        breached = client.get(url, {"sla": "breached"}).content.decode()
        assert late.subject in breached and fine.subject not in breached


def test_the_roles_grid_groups_the_support_permissions_under_support(client):
    from django.contrib.auth.models import Permission

    from backoffice.capabilities import capability_for

    permission = Permission.objects.select_related("content_type").get(codename="can_manage_support_tickets")
    assert capability_for(permission).key == "support"
    assert manager().has_perm("support.can_manage_support_tickets")
    assert not agent().has_perm("support.can_manage_support_tickets")


def test_live_conversations_are_kept_read_only_and_scoped_to_the_agent(client):
    worker, other = online(agent()), agent()
    chat = live_chat_start(requester=customer(), body="Întrebare păstrată")
    from marketplace.support.services import live_chat_take

    live_chat_take(chat=chat, agent=worker)
    login_with_second_factor(client, worker)
    url = reverse("admin:support_livechat_change", args=[chat.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Întrebare păstrată" in page.content.decode()
    login_with_second_factor(client, other)
    assert client.get(url).status_code in (302, 404)  # taken by someone else: not in their list
    assert "Întrebare păstrată" not in client.get(reverse("admin:support_livechat_changelist")).content.decode()
