"""Websocket for one auction: ws/auctions/<id>/ — the current status, then every change."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from marketplace.auctions.models import Auction
from marketplace.auctions.realtime import group_name
from marketplace.auctions.selectors import auction_status


class AuctionConsumer(AsyncJsonWebsocketConsumer):
    """Anyone may watch; each socket is told whether its own user leads (never who else does)."""

    async def connect(self):
        self.auction_id = int(self.scope["url_route"]["kwargs"]["auction_id"])
        status = await self._status()
        if status is None:
            await self.close(code=4404)
            return
        self.group = group_name(self.auction_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "status", **status})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Bids go through the HTTP door (CSRF, sessions, the same service); the socket only listens.
        if content.get("type") == "status":
            await self.send_json({"type": "status", **(await self._status() or {})})

    async def auction_update(self, event):
        payload = dict(event["payload"])
        leader_id = payload.pop("leader_id", None)
        user = self.scope.get("user")
        payload["leader_is_me"] = bool(getattr(user, "is_authenticated", False) and leader_id == user.pk)
        await self.send_json({"type": "update", **payload})

    @database_sync_to_async
    def _status(self):
        auction = Auction.objects.filter(pk=self.auction_id).first()
        return None if auction is None else auction_status(auction=auction, user=self.scope.get("user"))
