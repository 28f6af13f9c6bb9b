"""Live support over Channels: the agents' queue (``support.queue``) and one group per conversation.

Messages carry no per-agent data: the queue's consumers re-read the queue for their own agent
when told it changed. Broadcasts run after commit and never undo a committed write (failures are
logged; the pages poll as a fallback).
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

QUEUE_GROUP = "support.queue"


def chat_group(chat_id: int) -> str:
    return f"support.chat.{chat_id}"


def _send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # a broadcast never undoes a committed write
        logger.exception("support: broadcast to %s failed", group)


def broadcast_queue_changed() -> None:
    transaction.on_commit(lambda: _send(QUEUE_GROUP, {"type": "queue.changed"}))


def broadcast_chat(chat_id: int, payload: dict) -> None:
    transaction.on_commit(lambda: _send(chat_group(chat_id), {"type": "chat.event", "payload": payload}))
