"""Probes: ``/livez/`` (the process answers; touches nothing) and ``/healthz/`` (readiness).

``/healthz/`` answers 200 only when the database, Redis (cache, job broker and channel layer,
when ``REDIS_URL`` is set) and the media storage answer; otherwise 503 naming what did not.
docker-compose's healthchecks and ``make prod-smoke`` use them. Neither sets a cookie or
reads the session.
"""

import logging

import redis
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
PROBE_NAME = "healthz/probe"  # looked up, never written: an answer (found or not) is enough
TIMEOUT_SECONDS = 3


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis() -> None:
    if not settings.REDIS_URL:
        return
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()


def check_storage() -> None:
    default_storage.exists(PROBE_NAME)


CHECKS = {"database": check_database, "redis": check_redis, "storage": check_storage}


@never_cache
def healthz(request):
    results, ready = {}, True
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready", said by name
            ready = False
            results[name] = "unavailable"
            logger.warning("healthz: %s unavailable: %s: %s", name, type(exc).__name__, exc)
        else:
            results[name] = "ok"
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503)


@never_cache
def livez(request):
    return HttpResponse("ok", content_type="text/plain")
