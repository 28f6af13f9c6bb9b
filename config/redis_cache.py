"""Django's Redis cache, with one redis-py client per connection pool instead of one per call (issue 20).

``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation; each build fills a
table of about 170 response callbacks, ≈1 ms of CPU, more than the round trip to Redis on loopback. A
signed-in request reads its session and its user from the cache, so that cost was paid on every request.
A ``redis.Redis`` holds no connection of its own (it borrows one from the pool per command) and is safe
to share between threads, so keeping one per pool changes nothing else.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class PooledClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
