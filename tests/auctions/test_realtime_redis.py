"""Broadcasts through the production channel layer (Redis), from plain threads as WSGI workers bid.

Runs where a Redis server answers on 127.0.0.1:6379 (CI starts one); skipped elsewhere.
"""

import threading

import pytest
from asgiref.sync import async_to_sync

from tests.config.test_redis import REDIS_URL, _redis_up

pytestmark = pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")


def test_broadcasts_from_worker_threads_reach_the_auction_group_over_one_loop(settings):
    from channels.layers import channel_layers

    from marketplace.auctions import realtime

    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
    channel_layers.backends.clear()
    try:
        layer = channel_layers["default"]
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(realtime.group_name(42), channel)
        futures = []

        def bid(n):
            futures.append(realtime.broadcast_auction(42, {"auction": 42, "price": f"{100 + n}.00"}))

        threads = [threading.Thread(target=bid, args=(n,)) for n in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for future in futures:
            future.result(timeout=5)
        prices = sorted(async_to_sync(layer.receive)(channel)["payload"]["price"] for _ in range(5))
        assert prices == ["100.00", "101.00", "102.00", "103.00", "104.00"]
        assert len({id(realtime._broadcast_loop())}) == 1 and realtime._broadcast_loop().is_running()
        async_to_sync(layer.group_discard)(realtime.group_name(42), channel)
    finally:
        channel_layers.backends.clear()
