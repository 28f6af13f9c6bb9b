"""Live updates: a websocket per auction gets the status, then every price/end-time change."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from marketplace.auctions.services import auction_place_bid
from realtime.routing import websocket_urlpatterns

# Committed data: the consumer reads through database_sync_to_async, which may use another connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_watchers_get_the_status_then_each_change_and_whether_they_lead(auction, ana, mihai):
    def bid(user, amount):
        auction_place_bid(auction=auction, user=user, amount=amount)

    async def scenario():
        socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/auctions/{auction.pk}/")
        socket.scope["user"] = ana
        connected, _ = await socket.connect()
        assert connected
        hello = await socket.receive_json_from()
        assert hello["type"] == "status" and hello["price"] == "100.00" and hello["leader_is_me"] is False
        await sync_to_async(bid)(ana, "500")
        mine = await socket.receive_json_from()
        assert (mine["type"], mine["price"], mine["bids_count"], mine["leader_is_me"]) == ("update", "100.00", 1, True)
        assert "leader_id" not in mine
        await sync_to_async(bid)(mihai, "300")
        after = await socket.receive_json_from()
        assert (after["price"], after["bids_count"], after["leader_is_me"]) == ("310.00", 2, True)
        await sync_to_async(bid)(mihai, "600")
        outbid = await socket.receive_json_from()
        assert (outbid["price"], outbid["leader_is_me"]) == ("525.00", False)
        assert outbid["end_time"] == auction.end_time.isoformat()
        await socket.disconnect()

    async_to_sync(scenario)()


def test_an_unknown_auction_closes_the_socket():
    async def scenario():
        socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/auctions/999999/")
        connected, code = await socket.connect()
        assert not connected and code == 4404

    async_to_sync(scenario)()
