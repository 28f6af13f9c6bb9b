"""ws/chat/<id>/: the buyer and the shop get each other's messages live; nobody else gets in, and a side that
loses its access mid-conversation is closed on its next frame."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from marketplace.chat.models import Message
from marketplace.chat.services import conversation_start, message_send
from marketplace.vendors.services import vendor_suspend
from realtime.routing import websocket_urlpatterns
from tests.factories import approved_vendor, buyable, customer

# Committed data: the consumer reads through database_sync_to_async, which may use another connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people():
    shop, other_shop = approved_vendor(shop_name="Maison Ana"), approved_vendor(shop_name="Vintage Mihai")
    buyer, other_buyer = customer(email="ioana@example.ro"), customer(email="radu@example.ro")
    conversation = conversation_start(buyer=buyer, product=buyable(shop))
    return {"shop": shop, "other_shop": other_shop, "buyer": buyer, "other_buyer": other_buyer, "conversation": conversation}


def socket_for(conversation, user):
    socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/chat/{conversation.pk}/")
    socket.scope["user"] = user
    return socket


def test_both_sides_get_each_message_live_and_the_read_receipt(people):
    conversation, buyer, shop = people["conversation"], people["buyer"], people["shop"]

    async def scenario():
        buyer_socket, shop_socket = socket_for(conversation, buyer), socket_for(conversation, shop.user)
        assert (await buyer_socket.connect())[0] and (await shop_socket.connect())[0]
        # the shop answers from the vendor site (a service call); the buyer's open page gets it
        await sync_to_async(message_send)(conversation=conversation, sender=shop.user, text="Da, este disponibilă.")
        got = await buyer_socket.receive_json_from(timeout=3)
        assert got["type"] == "message" and got["message"]["text"] == "Da, este disponibilă."
        assert got["message"]["mine"] is False and got["message"]["side"] == "vendor"
        echoed = await shop_socket.receive_json_from(timeout=3)
        assert echoed["message"]["mine"] is True
        # the buyer writes over the socket: masked before an order, delivered to the shop
        await buyer_socket.send_json_to({"type": "send", "text": "Sunați-mă la 0722 123 456", "ref": "a1"})
        sent = await buyer_socket.receive_json_from(timeout=3)
        frames = [sent, await buyer_socket.receive_json_from(timeout=3)]
        assert {f["type"] for f in frames} == {"sent", "message"}
        to_shop = await shop_socket.receive_json_from(timeout=3)
        assert to_shop["message"]["masked"] is True and "0722" not in to_shop["message"]["text"]
        # the shop reads: the buyer sees the receipt
        await shop_socket.send_json_to({"type": "read"})
        receipt = await buyer_socket.receive_json_from(timeout=3)
        assert receipt["type"] == "read" and receipt["reader"] == "vendor"
        await buyer_socket.disconnect()
        await shop_socket.disconnect()

    async_to_sync(scenario)()
    assert Message.objects.filter(sender_side="buyer", read_at__isnull=False).count() == 1


@pytest.mark.parametrize("who", ["other_buyer", "other_shop", "anonymous"])
def test_anybody_else_is_refused_on_connect(people, who):
    user = {
        "other_buyer": people["other_buyer"], "other_shop": people["other_shop"].user, "anonymous": AnonymousUser(),
    }[who]

    async def scenario():
        connected, code = await socket_for(people["conversation"], user).connect()
        assert not connected and code == 4403

    async_to_sync(scenario)()


def test_a_shop_suspended_mid_conversation_is_closed_on_its_next_frame(people):
    conversation, shop = people["conversation"], people["shop"]

    async def scenario():
        socket = socket_for(conversation, shop.user)
        assert (await socket.connect())[0]
        await sync_to_async(vendor_suspend)(vendor=shop, actor=None, reason="Reclamații")
        await socket.send_json_to({"type": "send", "text": "Plătiți-mi direct"})
        closed = await socket.receive_output(timeout=3)
        assert closed["type"] == "websocket.close" and closed["code"] == 4403

    async_to_sync(scenario)()
    assert not Message.objects.exists()
