"""Support services: SLA timing, the live chat hand-off, transfer, history, object permissions (frozen time)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from marketplace.common.errors import DomainError
from marketplace.support.access import chat_may_work, ticket_for_staff, ticket_may_work
from marketplace.support.models import LiveChat, Ticket, TicketEvent
from marketplace.support.selectors import ticket_queue_for_staff, ticket_sla_clock
from marketplace.support.services import (
    live_chat_post,
    live_chat_start,
    live_chat_take,
    live_chat_transfer,
    live_chats_check_waiting,
    ticket_create,
    ticket_grant_access,
    ticket_reply,
    ticket_set_priority,
    ticket_set_status,
    ticket_take,
    ticket_transfer,
)
from tests.factories import customer

from .helpers import agent, manager, online

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_sla_time_left_and_breach_flags_follow_the_clock():
    buyer = customer()
    with time_machine.travel(T0, tick=False) as clock:
        ticket = ticket_create(requester=buyer, subject="Colet deteriorat", body="Cutia a sosit ruptă.", priority="urgent")
        assert ticket.first_response_due_at == T0 + timedelta(minutes=30)
        assert ticket.resolution_due_at == T0 + timedelta(hours=4)

        clock.move_to(T0 + timedelta(minutes=20))
        sla = ticket_sla_clock(ticket)
        assert sla.first_response_left == timedelta(minutes=10)
        assert not sla.breached

        clock.move_to(T0 + timedelta(minutes=31))
        assert ticket_sla_clock(ticket).first_response_breached

        worker = agent()
        ticket_take(ticket=ticket, agent=worker)
        ticket_reply(ticket=ticket, author=worker, body="Ne pare rău, verificăm.")
        ticket.refresh_from_db()
        assert ticket.first_response_at == T0 + timedelta(minutes=31)
        sla = ticket_sla_clock(ticket)
        assert sla.first_response_left is None and sla.first_response_breached  # answered late stays late
        assert not sla.resolution_breached and sla.resolution_left == timedelta(hours=3, minutes=29)

        ticket_set_status(ticket=ticket, actor=worker, status="resolved")
        ticket.refresh_from_db()
        clock.move_to(T0 + timedelta(days=2))
        assert not ticket_sla_clock(ticket).resolution_breached  # resolved in time


def test_a_new_priority_moves_the_due_times_and_is_recorded():
    boss = manager()
    with time_machine.travel(T0, tick=False):
        ticket = ticket_create(requester=customer(), subject="Factură", body="Am nevoie de factură.")
        assert ticket.first_response_due_at == T0 + timedelta(hours=8)
        ticket_set_priority(ticket=ticket, actor=boss, priority="high")
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == T0 + timedelta(hours=2)
    event = ticket.events.get(type=TicketEvent.Type.PRIORITY)
    assert (event.from_value, event.to_value, event.actor) == ("normal", "high", boss)


def test_waiting_live_chat_becomes_a_ticket_when_nobody_takes_it_in_time(django_capture_on_commit_callbacks):
    buyer = customer(email="ana@example.ro")
    worker = agent()
    with time_machine.travel(T0, tick=False) as clock:
        online(worker)  # the agent's admin_chat page checks in (and keeps doing so below)
        with django_capture_on_commit_callbacks(execute=True):
            chat = live_chat_start(requester=buyer, body="Unde este coletul meu?")
        assert chat.status == LiveChat.Status.WAITING

        clock.move_to(T0 + timedelta(minutes=4))
        online(worker)
        assert live_chats_check_waiting() == []

        clock.move_to(T0 + timedelta(minutes=5, seconds=1))
        online(worker)
        with django_capture_on_commit_callbacks(execute=True):
            assert live_chats_check_waiting() == [chat.pk]
    chat.refresh_from_db()
    assert chat.status == LiveChat.Status.TICKETED
    ticket = chat.ticket
    assert ticket.source == Ticket.Source.LIVE_CHAT and ticket.requester == buyer
    assert [m.body for m in ticket.messages.all()] == ["Unde este coletul meu?"]
    assert ticket.events.filter(type=TicketEvent.Type.FROM_LIVE_CHAT).exists()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ana@example.ro"]
    assert email.reply_to == [f"support+{ticket.reply_token}@reply.snobistic.ro"]
    assert f"/support/redirect/{ticket.pk}/" in email.body
    assert buyer.notifications.get().url == f"/support/redirect/{ticket.pk}/"


def test_with_no_agent_online_the_question_becomes_a_ticket_at_once(django_capture_on_commit_callbacks):
    buyer = customer()
    with django_capture_on_commit_callbacks(execute=True):
        chat = live_chat_start(requester=buyer, body="Am o întrebare despre retur.")
    assert chat.status == LiveChat.Status.TICKETED and chat.ticket is not None
    assert len(mail.outbox) == 1


def test_an_agent_that_went_offline_hands_the_waiting_chats_over_at_the_next_sweep():
    buyer = customer()
    worker = online(agent())
    chat = live_chat_start(requester=buyer, body="Salut")
    assert chat.status == LiveChat.Status.WAITING
    from marketplace.support.presence import agent_presence_leave

    agent_presence_leave(user_id=worker.pk)
    assert live_chats_check_waiting() == [chat.pk]


def test_taking_and_transferring_a_live_chat_moves_the_object_permission():
    buyer, first, second = customer(), online(agent()), agent()
    chat = live_chat_start(requester=buyer, body="Ajutor")
    with pytest.raises(DomainError):
        live_chat_post(chat=chat, author=first, body="Nu am luat-o încă")
    live_chat_take(chat=chat, agent=first)
    assert chat_may_work(first, chat) and not chat_may_work(second, chat)
    with pytest.raises(DomainError) as refused:
        live_chat_take(chat=chat, agent=second)
    assert refused.value.code == "chat_not_waiting"
    live_chat_post(chat=chat, author=first, body="Bună ziua, vă ajut eu.")
    live_chat_transfer(chat=chat, actor=first, to_agent=second)
    chat.refresh_from_db()
    assert chat.agent == second
    first = type(first).objects.get(pk=first.pk)  # a fresh user: no permission cache
    assert not chat_may_work(first, chat) and chat_may_work(type(second).objects.get(pk=second.pk), chat)


def test_ticket_transfer_moves_the_work_and_writes_the_history():
    buyer, first, second = customer(), agent(email="a1@snobistic.ro"), agent(email="a2@snobistic.ro")
    ticket = ticket_create(requester=buyer, subject="Retur", body="Vreau să returnez.")
    ticket_take(ticket=ticket, agent=first)
    ticket_reply(ticket=ticket, author=first, body="Notă: client fidel", internal=True)
    ticket_transfer(ticket=ticket, actor=first, to_agent=second)
    first, second = (type(u).objects.get(pk=u.pk) for u in (first, second))
    ticket.refresh_from_db()
    assert ticket.assignee == second
    assert ticket_may_work(second, ticket) and not ticket_may_work(first, ticket)
    with pytest.raises(DomainError) as refused:
        ticket_reply(ticket=ticket, author=first, body="Încă aici?")
    assert refused.value.code == "support_forbidden"
    types = [e.type for e in ticket.events.all()]
    assert types == ["created", "assigned", "status", "note", "transferred"]
    assert ticket.events.get(type="transferred").from_value == "a1@snobistic.ro"


def test_an_agent_sees_the_unassigned_queue_and_their_own_but_works_only_their_own():
    buyer, mine, other = customer(), agent(), agent()
    free = ticket_create(requester=buyer, subject="Liber", body="x")
    taken_by_me = ticket_create(requester=buyer, subject="Al meu", body="x")
    taken_by_other = ticket_create(requester=buyer, subject="Al altcuiva", body="x")
    ticket_take(ticket=taken_by_me, agent=mine)
    ticket_take(ticket=taken_by_other, agent=other)
    mine = type(mine).objects.get(pk=mine.pk)
    assert set(ticket_queue_for_staff(user=mine)) == {free, taken_by_me}
    assert not ticket_may_work(mine, free)  # sees it; takes it to work on it
    with pytest.raises(DomainError):
        ticket_for_staff(user=mine, pk=taken_by_other.pk)
    with pytest.raises(DomainError) as refused:
        ticket_take(ticket=taken_by_other, agent=mine)
    assert refused.value.code == "already_taken"

    boss = manager()
    assert set(ticket_queue_for_staff(user=boss)) == {free, taken_by_me, taken_by_other}
    ticket_grant_access(ticket=taken_by_other, actor=boss, agent=mine)
    mine = type(mine).objects.get(pk=mine.pk)
    assert ticket_may_work(mine, taken_by_other)
    assert taken_by_other in set(ticket_queue_for_staff(user=mine))
    with pytest.raises(DomainError):
        ticket_grant_access(ticket=free, actor=mine, agent=other)  # only a manager widens access


def test_a_requester_reply_reopens_a_ticket_waiting_on_them_and_a_closed_one_refuses():
    buyer, worker = customer(), agent()
    ticket = ticket_create(requester=buyer, subject="Mărime", body="Ce mărime?")
    ticket_take(ticket=ticket, agent=worker)
    ticket_set_status(ticket=ticket, actor=worker, status="waiting")
    ticket_reply(ticket=ticket, author=buyer, body="Port 38.")
    ticket.refresh_from_db()
    assert ticket.status == "open"
    ticket_set_status(ticket=ticket, actor=worker, status="closed")
    with pytest.raises(DomainError) as refused:
        ticket_reply(ticket=ticket, author=buyer, body="Încă ceva")
    assert refused.value.code == "ticket_closed"
    with pytest.raises(DomainError):
        ticket_reply(ticket=ticket, author=customer(), body="Nu e al meu")


def test_the_job_applies_only_the_wait_when_presence_is_one_process_s_memory(settings):
    from marketplace.support.tasks import live_chats_check_waiting_task

    worker = online(agent())
    with time_machine.travel(T0, tick=False) as clock:
        online(worker)
        chat = live_chat_start(requester=customer(), body="Salut")
        clock.move_to(T0 + timedelta(minutes=2))  # the agent's presence expired in this process
        assert live_chats_check_waiting_task() == 0  # local-memory cache: the job cannot see the web's agents
        clock.move_to(T0 + timedelta(minutes=6))
        assert live_chats_check_waiting_task() == 1
    chat.refresh_from_db()
    assert chat.status == LiveChat.Status.TICKETED


def test_the_history_shows_statuses_and_priorities_by_their_labels():
    from django.utils import translation

    boss = manager()
    ticket = ticket_create(requester=customer(), subject="Etichete", body="x")
    ticket_set_status(ticket=ticket, actor=boss, status="waiting")
    ticket_set_priority(ticket=ticket, actor=boss, priority="urgent")
    with translation.override("ro"):
        status, priority = ticket.events.get(type="status"), ticket.events.get(type="priority")
        assert (status.from_value, status.to_label) == ("new", "Așteaptă clientul")
        assert (priority.from_label, priority.to_label) == ("Normală", "Urgentă")
