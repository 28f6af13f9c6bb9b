"""The default courier's lockers, cached: the checkout's choice and its validation read them here."""

from django.core.cache import cache

from .couriers import Locker, default_courier

CACHE_SECONDS = 6 * 3600


def _key() -> str:
    return f"shipping:lockers:{default_courier().code}"


def locker_list() -> list[Locker]:
    """Every locker of the default courier, sorted by town then name (cached six hours)."""
    lockers = cache.get(_key())
    if lockers is None:
        lockers = sorted(default_courier().lockers(), key=lambda x: (x.city, x.name))
        cache.set(_key(), lockers, CACHE_SECONDS)
    return lockers


def locker_by_id(locker_id: str) -> Locker | None:
    return next((x for x in locker_list() if x.id == locker_id), None)


def locker_exists(locker_id: str) -> bool:
    return locker_by_id((locker_id or "").strip()) is not None


def _fold(text: str) -> str:
    table = str.maketrans("ăâîșşțţĂÂÎȘŞȚŢ", "aaisstt" + "AAISSTT")
    return (text or "").translate(table).casefold()


def locker_search(query: str, *, limit: int = 30) -> list[Locker]:
    """Lockers whose town, name or address holds every word of ``query`` (diacritics optional)."""
    words = _fold(query).split()
    if not words:
        return locker_list()[:limit]
    found = []
    for locker in locker_list():
        haystack = _fold(f"{locker.city} {locker.county} {locker.name} {locker.address} {locker.id}")
        if all(w in haystack for w in words):
            found.append(locker)
            if len(found) >= limit:
                break
    return found
