"""A short-lived cache of anonymous catalogue pages (the hot path of the storefront and the partner API).

Shared by the doors that serve the public catalogue (``storefront.api.catalog``, ``api.views.products``),
each under its own key prefix; one generation number makes both stale at once.

An anonymous visitor's page of the catalogue depends only on the query and the language, so
its JSON is kept for ``STOREFRONT_CATALOGUE_CACHE_SECONDS`` (60; 0 turns it off). Saving or
deleting a listing or a photo bumps a generation number that is part of every key, so a
change is visible on the next request in every process sharing the cache (Redis in
production; other processes within a second). Writes that bypass ``save()`` (``QuerySet.update``) are seen when the TTL ends.
Signed-in buyers are never served from it: their pages carry favourites and saved sizes.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

GENERATION_KEY = "storefront:catalogue:generation"
# Each process re-reads the generation at most once a second: one cache round trip per page
# instead of two. A change made in another process is seen within that second.
GENERATION_MEMO_SECONDS = 1.0
_memo = {"generation": 0, "read_at": float("-inf")}


def _generation() -> int:
    now = time.monotonic()
    if now - _memo["read_at"] > GENERATION_MEMO_SECONDS:
        _memo["generation"], _memo["read_at"] = cache.get(GENERATION_KEY) or 0, now
    return _memo["generation"]


def seconds() -> int:
    return getattr(settings, "STOREFRONT_CATALOGUE_CACHE_SECONDS", 60)


def page_key(request, query_json: str, *, door: str = "storefront") -> str | None:
    """The cache key of this request's page, or None when it must not be cached."""
    if not seconds() or request.user.is_authenticated:
        return None
    generation = _generation()
    digest = hashlib.sha256(f"{get_language()}|{query_json}".encode()).hexdigest()[:32]
    return f"{door}:catalogue:{generation}:{digest}"


def catalogue_changed(**kwargs) -> None:
    """Signal receiver: any saved or deleted listing or photo makes every cached page stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or it expired from the cache)
        cache.add(GENERATION_KEY, 1, timeout=None) or cache.incr(GENERATION_KEY)
    _memo["read_at"] = float("-inf")  # this process sees its own change at once
