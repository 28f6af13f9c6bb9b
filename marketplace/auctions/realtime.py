"""Live auction updates over Channels: one group per auction (``auction.<id>``).

Bids are placed from synchronous code (WSGI workers, django-q2 workers, daphne's thread for
sync views). ``async_to_sync`` would start a fresh event loop for every broadcast, and
channels-redis keeps its connections per event loop, so each broadcast would open a new Redis
connection. Instead each process keeps one background event loop for broadcasting: the
connection is reused and the bidder does not wait for Redis. The in-memory layer (the embedded
default, one daphne process) is only reachable from the loop its sockets live on, so it keeps
``async_to_sync``, which runs on daphne's loop when called from a view.
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


def group_name(auction_id: int) -> str:
    return f"auction.{auction_id}"


def _broadcast_loop() -> asyncio.AbstractEventLoop:
    """This process's broadcasting loop, started on first use (and again after a fork)."""
    global _loop, _loop_pid
    with _loop_lock:
        if _loop is None or _loop_pid != os.getpid() or _loop.is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="auction-broadcast", daemon=True).start()
            _loop, _loop_pid = loop, os.getpid()
        return _loop


def _log_failure(auction_id: int):
    def done(future) -> None:
        if not future.cancelled() and future.exception() is not None:
            logger.error("auction %s: broadcast failed", auction_id, exc_info=future.exception())

    return done


def broadcast_auction(auction_id: int, payload: dict):
    """Send a price/end-time/status change to every socket watching the auction.

    Called after commit; a failing channel layer must not turn an accepted bid into an error,
    so failures are logged (polling ``auction_status`` still shows the truth). Returns the
    pending future on the background loop (None for the in-memory layer or no layer).
    """
    layer = get_channel_layer()
    if layer is None:
        return None
    message = {"type": "auction.update", "payload": payload}
    if isinstance(layer, InMemoryChannelLayer):
        try:
            async_to_sync(layer.group_send)(group_name(auction_id), message)
        except Exception:  # a broadcast never undoes a committed bid
            logger.exception("auction %s: broadcast failed", auction_id)
        return None
    future = asyncio.run_coroutine_threadsafe(layer.group_send(group_name(auction_id), message), _broadcast_loop())
    future.add_done_callback(_log_failure(auction_id))
    return future
