"""Websocket for one conversation: ws/chat/<id>/ — its buyer and its shop only.

Access is checked on connect (anybody else is closed with 4403, as unknown as a missing conversation) and again
on every frame the socket sends, so a shop suspended or a session signed out mid-conversation stops there.
Frames: ``{"type": "send", "text": ...}`` writes a message through ``message_send`` (rate limit and masking
included; photos go through the HTTP form); ``{"type": "read"}`` marks the other side's messages read. The group
brings every new message (``mine`` tells this socket's side) and the read receipts.
"""

import logging
import threading
import time

from asgiref.sync import SyncToAsync
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connections
from django.utils import timezone

from doors.errors import error_payload
from marketplace.chat.access import conversation_for_user, conversation_side, participant_afresh
from marketplace.chat.models import Side
from marketplace.chat.realtime import group_name
from marketplace.chat.selectors import message_payload
from marketplace.chat.services import conversation_mark_read, message_send, read_receipt
from marketplace.common.errors import NotFound

logger = logging.getLogger(__name__)

REFUSED = 4403
CONNECTIONS_CHECK_SECONDS = 5.0

_checked = threading.local()


class ChatDatabaseSyncToAsync(SyncToAsync):
    """Channels' ``database_sync_to_async`` on a pool of threads, with fewer round trips per frame.

    The consumer's database work runs on a pool of threads (each with its own database connection) instead of the
    one thread Channels shares by default, so one slow commit does not queue every other conversation of the
    process behind it. Channels' own wrapper closes stale connections before and after every call, which with
    ``CONN_HEALTH_CHECKS`` costs a ``SELECT 1`` on every frame; here a thread does that at most every
    ``CONNECTIONS_CHECK_SECONDS``, and at once after a call that broke its connection, left a transaction open or
    outlived ``CONN_MAX_AGE``, so the next frame gets a working one (make bench-chat).
    """

    def __init__(self, func):
        super().__init__(func, thread_sensitive=False)

    def thread_handler(self, loop, *args, **kwargs):
        now = time.monotonic()
        if now - getattr(_checked, "at", float("-inf")) >= CONNECTIONS_CHECK_SECONDS:
            close_old_connections()
            _checked.at = now
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            now = time.monotonic()
            if any(_to_close(c, now) for c in connections.all(initialized_only=True)):
                close_old_connections()
                _checked.at = now


def _to_close(connection, now: float) -> bool:
    """A connection ``close_old_connections`` must see at once: broken, left in a transaction, or past its
    ``CONN_MAX_AGE`` (at once after every call with 0, as Channels' own wrapper did)."""
    if connection.connection is None:
        return False
    expired = connection.close_at is not None and now >= connection.close_at
    return connection.errors_occurred or connection.in_atomic_block or expired


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message):
        """Channels' own, less its ``aclose_old_connections()`` before every handler: that is a trip to the one
        shared sync thread for every frame and every message delivered to the socket, while this consumer touches
        the database only through ``ChatDatabaseSyncToAsync``, whose threads look after their own connections."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

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
            answer, event = await self._send(str(content.get("text", ""))[:4000], content.get("ref"))
        elif kind == "read":
            answer, event = await self._read()
        else:
            answer, event = {"type": "error", "code": "invalid", "message": "unknown frame"}, None
        if event is not None:  # committed: every socket of the conversation hears of it, this one included
            try:
                await self.channel_layer.group_send(self.group, event)
            except Exception:  # a broadcast never undoes a saved message; the polling endpoint still shows it
                logger.exception("conversation %s: broadcast failed", self.conversation_id)
        if answer is None:  # no longer allowed in: the socket closes
            await self.close(code=REFUSED)
        elif answer:
            await self.send_json(answer)

    async def chat_message(self, event):
        payload = event["payload"]
        await self.send_json({"type": "message", "message": {**payload, "mine": payload["side"] == self.side}})

    async def chat_read(self, event):
        await self.send_json({"type": "read", **event["payload"]})

    @ChatDatabaseSyncToAsync
    def _side(self):
        try:
            self.conversation, side = conversation_for_user(user=self.scope.get("user"), pk=self.conversation_id)
        except NotFound:
            return None
        return side

    def _user(self):
        """The socket's user read afresh (one query): an account deactivated or a shop suspended since connecting
        no longer passes the services' own access check (``conversation_side``), which then refuses with NotFound.
        None when the user is gone or is no longer on this socket's side."""
        user = participant_afresh(getattr(self.scope.get("user"), "pk", None), with_shop=self.side == Side.VENDOR)
        if user is None or conversation_side(self.conversation, user) != self.side:
            return None
        return user

    # Each frame is one trip to the database thread: the access check, the service and its commit. The broadcast
    # then leaves from this socket's own event loop (the services' broadcast=False).
    @ChatDatabaseSyncToAsync
    def _send(self, text, ref):
        user = self._user()
        if user is None:
            return None, None
        try:
            message = message_send(conversation=self.conversation, sender=user, text=text, broadcast=False)
        except NotFound:
            return None, None
        except ValidationError as exc:
            _status, payload = error_payload(exc)
            return {"type": "error", "ref": ref, **payload}, None
        event = {"type": "chat.message", "payload": message_payload(message, photos=[])}
        return {"type": "sent", "ref": ref, "id": message.pk}, event

    @ChatDatabaseSyncToAsync
    def _read(self):
        user = self._user()
        if user is None:
            return None, None
        now = timezone.now()
        try:
            count = conversation_mark_read(conversation=self.conversation, reader=user, broadcast=False, now=now)
        except NotFound:
            return None, None
        return {}, ({"type": "chat.read", "payload": read_receipt(self.side, now)} if count else None)
