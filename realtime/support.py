"""Live support websockets.

- ``ws/support/queue/``: support staff only. The queue as the agent may see it, sent again whenever
  it changes; each check-in (connect, ``{"type": "ping"}`` every ~30 s) keeps the agent online
  (``marketplace.support.presence``), and closing the page takes them offline.
- ``ws/support/chats/<id>/``: the requester or staff who may see the conversation; access is
  checked on connect and every message goes through ``live_chat_post``, which checks it again.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError

from doors.errors import error_payload
from doors.support import chat_event_payload, chat_status_payload, queue_snapshot
from marketplace.common.errors import DomainError, NotFound
from marketplace.support.access import chat_for_participant, is_support_staff
from marketplace.support.presence import agent_presence_leave, agent_presence_touch
from marketplace.support.realtime import QUEUE_GROUP, chat_group
from marketplace.support.selectors import support_settings
from marketplace.support.services import live_chat_post


class SupportQueueConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.user = self.scope.get("user")
        if not await database_sync_to_async(is_support_staff)(self.user):
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(QUEUE_GROUP, self.channel_name)
        self.joined = True
        await self.accept()
        await self._check_in()
        await self.send_json(await self._snapshot())

    async def disconnect(self, code):
        if getattr(self, "joined", False):
            await self.channel_layer.group_discard(QUEUE_GROUP, self.channel_name)
            await database_sync_to_async(agent_presence_leave)(user_id=self.user.pk)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self._check_in()
        elif content.get("type") == "refresh":
            await self.send_json(await self._snapshot())

    async def queue_changed(self, event):
        await self.send_json(await self._snapshot())

    @database_sync_to_async
    def _check_in(self):
        agent_presence_touch(user_id=self.user.pk, seconds=support_settings().presence_seconds)

    @database_sync_to_async
    def _snapshot(self):
        return queue_snapshot(user=self.user)


class SupportChatConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.user = self.scope.get("user")
        self.chat_id = self.scope["url_route"]["kwargs"]["chat_id"]
        chat = await self._chat()
        if chat is None:
            await self.close(code=4404)
            return
        self.group = chat_group(chat.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(chat_status_payload(chat))

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content.get("type") != "message":
            return
        error = await self._post(str(content.get("body", "")))
        if error is not None:
            await self.send_json({"type": "error", **error})

    async def chat_event(self, event):
        await self.send_json(chat_event_payload(event["payload"]))

    @database_sync_to_async
    def _chat(self):
        try:
            return chat_for_participant(user=self.user, pk=self.chat_id)
        except NotFound:
            return None

    @database_sync_to_async
    def _post(self, body: str):
        try:
            chat = chat_for_participant(user=self.user, pk=self.chat_id)
            live_chat_post(chat=chat, author=self.user, body=body)
        except (ValidationError, DomainError) as exc:
            return error_payload(exc)[1]
        return None
