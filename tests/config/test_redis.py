"""The production engines behind REDIS_URL: cache and channel layer on a real Redis.

Runs where a Redis server answers on 127.0.0.1:6379 (CI starts one); skipped elsewhere.
"""

import socket

import pytest
from asgiref.sync import async_to_sync

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")


def test_redis_cache_backend_round_trips():
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(REDIS_URL, {})
    cache.set("snobistic:test", {"price": "150.00"}, 5)
    assert cache.get("snobistic:test") == {"price": "150.00"}
    cache.delete("snobistic:test")


def test_redis_channel_layer_delivers_group_messages():
    from channels_redis.core import RedisChannelLayer

    layer = RedisChannelLayer(hosts=[REDIS_URL])

    async def roundtrip():
        channel = await layer.new_channel()
        await layer.group_add("auction-test", channel)
        await layer.group_send("auction-test", {"type": "price.changed", "price": "200.00"})
        message = await layer.receive(channel)
        await layer.flush()
        return message

    assert async_to_sync(roundtrip)() == {"type": "price.changed", "price": "200.00"}

