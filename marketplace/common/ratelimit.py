"""A fixed-window rate limit on the cache (local memory by default, Redis in production)."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client address; X-Forwarded-For is read only behind the configured number of proxies."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


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
    limit, period = settings.RATE_LIMITS[scope]
    return rate_limited(scope=scope, key=client_ip(request), limit=limit, period=period)
