"""Two agents take the same waiting conversation (and ticket) at once, on PostgreSQL row locks: one gets it."""

import threading

import pytest
from django.db import close_old_connections, connection

from marketplace.common.errors import DomainError
from marketplace.support.models import LiveChat, LiveChatUserObjectPermission, Ticket
from marketplace.support.services import live_chat_start, live_chat_take, ticket_create, ticket_take
from tests.factories import customer

from .helpers import agent, online

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL)"),
]


def _race(call, agents):
    barrier = threading.Barrier(len(agents))
    outcomes = []

    def run(user):
        try:
            barrier.wait()
            call(user)
            outcomes.append("taken")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(user,)) for user in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_one_of_several_agents_takes_a_waiting_conversation():
    agents = [online(agent()) for _ in range(4)]
    chat = live_chat_start(requester=customer(), body="Cine mă ajută?")
    outcomes = _race(lambda user: live_chat_take(chat=LiveChat.objects.get(pk=chat.pk), agent=user), agents)
    assert outcomes == ["chat_not_waiting"] * 3 + ["taken"]
    chat.refresh_from_db()
    assert LiveChatUserObjectPermission.objects.filter(content_object=chat).values_list("user", flat=True).get() == chat.agent_id


def test_one_of_several_agents_takes_a_ticket():
    agents = [agent() for _ in range(4)]
    ticket = ticket_create(requester=customer(), subject="Grabă", body="x")
    outcomes = _race(lambda user: ticket_take(ticket=Ticket.objects.get(pk=ticket.pk), agent=user), agents)
    assert outcomes == ["already_taken"] * 3 + ["taken"]
    assert ticket.events.filter(type="assigned").count() == 1
