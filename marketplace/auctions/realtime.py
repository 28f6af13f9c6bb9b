"""Live auction updates over Channels: one group per auction (``auction.<id>``)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def group_name(auction_id: int) -> str:
    return f"auction.{auction_id}"


def broadcast_auction(auction_id: int, payload: dict) -> None:
    """Send a price/end-time/status change to every socket watching the auction.

    Called after commit; a failing channel layer must not turn an accepted bid into an
    error, so it is logged instead (polling ``auction_status`` still shows the truth).
    """
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group_name(auction_id), {"type": "auction.update", "payload": payload})
    except Exception:  # a broadcast never undoes a committed bid
        logger.exception("auction %s: broadcast failed", auction_id)
