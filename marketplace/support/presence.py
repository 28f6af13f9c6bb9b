"""Which support agents are online: those with the live chat page (``admin_chat``) open.

The page's websocket (or its polling fallback) checks in every ~30 s; each check-in keeps a
cache key alive for ``SupportSettings.presence_seconds``. With Redis every process sees the same
agents; with the local-memory cache only the process that served the page does (one daphne
process in the embedded default, which is where the page and the queue job's inline runs live).

A small registry (``support:presence:ids``) lists the agents ever seen recently, so the online
set is one ``get_many`` without scanning keys (which the cache API cannot do portably).
"""

from django.conf import settings
from django.core.cache import cache

REGISTRY_KEY = "support:presence:ids"
REGISTRY_SECONDS = 24 * 3600


def _key(user_id: int) -> str:
    return f"support:presence:{user_id}"


def agent_presence_touch(*, user_id: int, seconds: int) -> None:
    cache.set(_key(user_id), 1, timeout=seconds)
    ids = set(cache.get(REGISTRY_KEY) or ())
    if user_id not in ids:
        ids.add(user_id)
        cache.set(REGISTRY_KEY, sorted(ids), timeout=REGISTRY_SECONDS)


def agent_presence_leave(*, user_id: int) -> None:
    cache.delete(_key(user_id))


def agents_online() -> set[int]:
    ids = list(cache.get(REGISTRY_KEY) or ())
    if not ids:
        return set()
    alive = cache.get_many([_key(i) for i in ids])
    return {i for i in ids if _key(i) in alive}


def presence_is_shared() -> bool:
    """True when every process sees the same presence (Redis and the like), not one process's local memory.

    The django-q2 cluster of the embedded default runs in other processes than the web server, so
    with the local-memory cache it would always see nobody online.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))
