"""Live conversation updates over Channels: one group per conversation (``chat.<id>``), the live bids' layer.

Messages are written from synchronous code (a view, the websocket consumer's database thread). As for
live bids (``marketplace/auctions/realtime.py``, whose reasoning this follows): with Redis each process keeps
one background event loop for broadcasting, so the connection is reused and the sender does not wait; the
in-memory layer (one daphne process) is reached with ``async_to_sync``.
"""

import asyncio
import logging
import os
import threading

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

_loop_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_loop_pid: int | None = None


def group_name(conversation_id: int) -> str:
    return f"chat.{conversation_id}"


def _broadcast_loop() -> asyncio.AbstractEventLoop:
    global _loop, _loop_pid
    with _loop_lock:
        if _loop is None or _loop_pid != os.getpid() or _loop.is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="chat-broadcast", daemon=True).start()
            _loop, _loop_pid = loop, os.getpid()
        return _loop


def broadcast_conversation(conversation_id: int, event: str, payload: dict):
    """Send ``payload`` as ``chat.<event>`` to every socket of the conversation; failures are logged, never raised
    (the message is saved; the polling endpoint still shows it). Returns the pending future with Redis."""
    layer = get_channel_layer()
    if layer is None:
        return None
    message = {"type": f"chat.{event}", "payload": payload}
    group = group_name(conversation_id)
    if isinstance(layer, InMemoryChannelLayer):
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:  # a broadcast never undoes a saved message
            logger.exception("conversation %s: broadcast failed", conversation_id)
        return None
    future = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), _broadcast_loop())

    def done(fut) -> None:
        if not fut.cancelled() and fut.exception() is not None:
            logger.error("conversation %s: broadcast failed", conversation_id, exc_info=fut.exception())

    future.add_done_callback(done)
    return future
