"""A short-lived cache of anonymous catalogue pages (the hot path of the storefront and the partner API).

Shared by the doors that serve the public catalogue (``storefront.api.catalog``, ``api.views.products``),
each under its own key prefix; one generation number makes both stale at once.

An anonymous visitor's page of the catalogue depends only on the query and the language, so
its JSON is kept for ``STOREFRONT_CATALOGUE_CACHE_SECONDS`` (60; 0 turns it off). Saving or
deleting a listing or a photo bumps a generation number that is part of every key, so a
change is visible on the next request in every process sharing the cache (Redis in
production; other processes within a second). Writes that bypass ``save()`` (``QuerySet.update``) are seen when the TTL ends.
Signed-in buyers are never served from it: their pages carry favourites and saved sizes.

Every page, a buyer's too, is built from two finer caches in the worker's memory, both dropped at once
when the same generation moves:

- ``public_rows``: which pieces a query shows, in which order, with their price and certificate — the
  part of a page that is the same for every buyer with the same query (and the same saved sizes, for
  "Only my sizes"), kept ``STOREFRONT_PUBLIC_ROWS_SECONDS`` (15; 0 turns it off). The buyer's
  favourites are never in it: they are read for every page with one indexed query.
- ``cards``: each listing's card (title, brand, photo, size, condition), kept
  ``STOREFRONT_CARD_CACHE_SECONDS`` (60; 0 turns it off).

A stock change written with ``QuerySet.update`` (checkout) is seen when ``public_rows`` ends (15 s);
adding a sold piece to a cart is refused by the orders' own check meanwhile.
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


def card_seconds() -> int:
    return getattr(settings, "STOREFRONT_CARD_CACHE_SECONDS", 60)


def rows_seconds() -> int:
    return getattr(settings, "STOREFRONT_PUBLIC_ROWS_SECONDS", 15)


# This process's memos, for one generation: {key: (kept at, value)}.
MEMO_MAX = 20_000
_cards: dict = {}  # (language, size system, listing id) -> card
_rows: dict = {}  # query digest -> page rows
_memo_generation = {"value": None}


def _current_memos() -> None:
    generation = _generation()
    if _memo_generation["value"] != generation:
        _cards.clear()
        _rows.clear()
        _memo_generation["value"] = generation


def _kept(memo: dict, key, ttl: float, now: float):
    kept = memo.get(key)
    return kept[1] if kept is not None and now - kept[0] < ttl else None


def _keep(memo: dict, key, value, now: float) -> None:
    if len(memo) >= MEMO_MAX:
        memo.clear()
    memo[key] = (now, value)


def public_rows(query: str, build):
    """The public rows of the page ``query`` describes (every argument that chose them, as text): kept, or ``build()``."""
    ttl = rows_seconds()
    if not ttl:
        return build()
    _current_memos()
    now = time.monotonic()
    key = hashlib.sha256(query.encode()).digest()
    page = _kept(_rows, key, ttl, now)
    if page is None:
        page = build()
        _keep(_rows, key, page, now)
    return page


def cards(pks, *, system: str, build) -> dict[int, dict]:
    """The cards of the listings ``pks`` ({id: card}); ``build(ids)`` makes those not kept (same shape).

    The cards are shared between requests: copy one before changing it.
    """
    ttl = card_seconds()
    if not ttl:
        return build(list(pks))
    _current_memos()
    language, now = get_language(), time.monotonic()
    found, missing = {}, []
    for pk in pks:
        card = _kept(_cards, (language, system, pk), ttl, now)
        if card is None:
            missing.append(pk)
        else:
            found[pk] = card
    if missing:
        built = build(missing)
        for pk, card in built.items():
            _keep(_cards, (language, system, pk), card, now)
        found.update(built)
    return found


def catalogue_changed(**kwargs) -> None:
    """Signal receiver: any saved or deleted listing or photo makes every cached page stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or it expired from the cache)
        cache.add(GENERATION_KEY, 1, timeout=None) or cache.incr(GENERATION_KEY)
    _memo["read_at"] = float("-inf")  # this process sees its own change at once
    _cards.clear()
    _rows.clear()
