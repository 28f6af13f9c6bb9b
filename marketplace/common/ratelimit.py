"""A fixed-window rate limit on the cache (local memory by default, Redis in production)."""

from django.core.cache import cache


def client_ip(request) -> str:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")


def rate_limited(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Count one attempt for (scope, key); True when it is over ``limit`` in this ``period``."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, period):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period)
        return False
    return count > limit


def request_rate_limited(request, scope: str) -> bool:
    from django.conf import settings

    limit, period = settings.RATE_LIMITS[scope]
    return rate_limited(scope=scope, key=client_ip(request), limit=limit, period=period)
