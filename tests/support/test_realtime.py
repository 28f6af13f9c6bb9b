"""Live support websockets: the agents' queue (staff only, presence on connect) and one conversation
(access on connect and on every message)."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from marketplace.support.models import LiveChat
from marketplace.support.presence import agents_online
from marketplace.support.services import live_chat_start, live_chat_take
from realtime.routing import websocket_urlpatterns
from tests.factories import customer

from .helpers import agent, online

# Committed data: the consumers read through database_sync_to_async, which may use another connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _socket(path, user):
    socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    socket.scope["user"] = user
    return socket


def test_an_agent_s_queue_socket_marks_them_online_and_pushes_new_waiting_chats():
    worker, ana = agent(), customer()

    async def scenario():
        socket = _socket("/ws/support/queue/", worker)
        connected, _ = await socket.connect()
        assert connected
        first = await socket.receive_json_from()
        assert first["type"] == "queue" and first["chats"] == [] and first["agents_online"] == 1
        assert worker.pk in await sync_to_async(agents_online)()
        chat = await sync_to_async(live_chat_start)(requester=ana, body="Bună, am o întrebare")
        assert chat.status == LiveChat.Status.WAITING  # the agent is online: it waits for them
        update = await socket.receive_json_from(timeout=3)
        assert [row["topic"] for row in update["chats"]] == ["Bună, am o întrebare"]
        await socket.disconnect()
        assert worker.pk not in await sync_to_async(agents_online)()

    async_to_sync(scenario)()


def test_a_buyer_cannot_open_the_queue_socket():
    buyer = customer()

    async def scenario():
        connected, code = await _socket("/ws/support/queue/", buyer).connect()
        assert not connected and code == 4403

    async_to_sync(scenario)()


def test_the_conversation_socket_admits_its_requester_and_its_agent_only():
    ana, mihai, worker, other = customer(), customer(), online(agent()), agent()
    chat = live_chat_start(requester=ana, body="Salut")
    live_chat_take(chat=chat, agent=worker)

    async def scenario():
        for stranger in (mihai, other):
            connected, code = await _socket(f"/ws/support/chats/{chat.pk}/", stranger).connect()
            assert not connected and code == 4404
        buyer = _socket(f"/ws/support/chats/{chat.pk}/", ana)
        staff = _socket(f"/ws/support/chats/{chat.pk}/", worker)
        assert (await buyer.connect())[0] and (await staff.connect())[0]
        assert (await buyer.receive_json_from())["status"] == "active"
        await staff.receive_json_from()
        await staff.send_json_to({"type": "message", "body": "Bună ziua, vă ascult."})
        heard = await buyer.receive_json_from(timeout=3)
        assert (heard["type"], heard["body"], heard["from_agent"]) == ("message", "Bună ziua, vă ascult.", True)
        await staff.receive_json_from(timeout=3)
        await buyer.send_json_to({"type": "message", "body": ""})
        refused = await buyer.receive_json_from(timeout=3)
        assert refused["type"] == "error" and refused["code"] == "required"
        await buyer.disconnect()
        await staff.disconnect()

    async_to_sync(scenario)()
