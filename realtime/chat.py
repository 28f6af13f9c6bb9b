"""Websocket for one conversation: ws/chat/<id>/ — its buyer and its shop only.

Access is checked on connect (anybody else is closed with 4403, as unknown as a missing conversation) and again
on every frame the socket sends, so a shop suspended or a session signed out mid-conversation stops there.
Frames: ``{"type": "send", "text": ...}`` writes a message through ``message_send`` (rate limit and masking
included; photos go through the HTTP form); ``{"type": "read"}`` marks the other side's messages read. The group
brings every new message (``mine`` tells this socket's side) and the read receipts.
"""

from functools import partial

from channels.db import DatabaseSyncToAsync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from doors.errors import error_payload
from marketplace.chat.access import conversation_for_user
from marketplace.chat.realtime import group_name
from marketplace.chat.services import conversation_mark_read, message_send
from marketplace.common.errors import NotFound

REFUSED = 4403

# The consumer's database work runs on a pool of threads (each with its own database connection, closed when stale, as
# channels' database_sync_to_async does) instead of the one thread Channels shares by default, so one slow
# commit does not queue every other conversation of the process behind it (make bench-chat).
pooled_database_sync_to_async = partial(DatabaseSyncToAsync, thread_sensitive=False)


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        self.side = await self._side()
        if self.side is None:
            await self.close(code=REFUSED)
            return
        self.group = group_name(self.conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "send":
            answer = await self._send(str(content.get("text", ""))[:4000], content.get("ref"))
        elif kind == "read":
            answer = await self._read()
        else:
            answer = {"type": "error", "code": "invalid", "message": "unknown frame"}
        if answer is None:  # no longer allowed in: the socket closes
            await self.close(code=REFUSED)
        elif answer:
            await self.send_json(answer)

    async def chat_message(self, event):
        payload = event["payload"]
        await self.send_json({"type": "message", "message": {**payload, "mine": payload["side"] == self.side}})

    async def chat_read(self, event):
        await self.send_json({"type": "read", **event["payload"]})

    @pooled_database_sync_to_async
    def _side(self):
        try:
            self.conversation, side = conversation_for_user(user=self.scope.get("user"), pk=self.conversation_id)
        except NotFound:
            return None
        return side

    def _user(self):
        """The socket's user read afresh: an account deactivated or a shop suspended since connecting no longer
        passes the services' own access check (``conversation_side``), which then refuses with NotFound."""
        return get_user_model().objects.filter(pk=getattr(self.scope.get("user"), "pk", None)).first()

    @pooled_database_sync_to_async
    def _send(self, text, ref):
        try:
            message = message_send(conversation=self.conversation, sender=self._user(), text=text)
        except NotFound:
            return None
        except ValidationError as exc:
            _status, payload = error_payload(exc)
            return {"type": "error", "ref": ref, **payload}
        return {"type": "sent", "ref": ref, "id": message.pk}

    @pooled_database_sync_to_async
    def _read(self):
        try:
            conversation_mark_read(conversation=self.conversation, reader=self._user())
        except NotFound:
            return None
        return {}
