"""The signed-in person of a request, read from the shared cache instead of the database (issue 20).

Every signed-in request used to cost two database round trips before its view ran: the session row
and the user row. With Redis configured, sessions are ``cached_db`` (read from Redis, written
through to the database) and this middleware keeps each user's row in the cache for
``AUTH_USER_CACHE_SECONDS``, dropped whenever the user is saved or deleted (``drop_cached_user``,
connected in ``AccountsConfig.ready`` so that workers drop it too).

A cached user is trusted only as far as Django's own check would trust it: the session must name one
of the configured backends and carry the hash of the cached user's password. Anything else — no
cached row, another hash, a fallback secret, an inactive account — goes through
``django.contrib.auth.get_user`` unchanged, which also flushes a session that no longer verifies.
With the per-process memory cache (no Redis) the middleware is Django's own: one process cannot
tell another that a user changed.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject


def cache_seconds() -> int:
    return int(getattr(settings, "AUTH_USER_CACHE_SECONDS", 0) or 0)


def user_cache_key(user_id) -> str:
    return f"auth:user:{user_id}"


def drop_cached_user(sender=None, instance=None, **kwargs) -> None:
    """Receiver for the user model's post_save/post_delete: the next request reads the row again."""
    if instance is not None and instance.pk is not None and cache_seconds():
        cache.delete(user_cache_key(instance.pk))


def cached_get_user(request):
    """``auth.get_user(request)``, with the user's row from the cache when the session verifies against it."""
    seconds = cache_seconds()
    session = request.session
    user_id = session.get(SESSION_KEY)
    if not seconds or user_id is None or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    key = user_cache_key(user_id)
    user = cache.get(key)
    if user is not None:
        session_hash = session.get(HASH_SESSION_KEY)
        if session_hash and user.is_active and constant_time_compare(session_hash, user.get_session_auth_hash()):
            return user
    user = auth.get_user(request)  # the whole check; it may flush the session
    if user.is_authenticated and str(user.pk) == str(user_id):
        cache.set(key, user, seconds)  # pickled now: the row as read, before any permission cache is added
    return user


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = cached_get_user(request)
    return request._cached_user


class CachedUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` whose ``request.user`` comes through ``cached_get_user``."""

    def process_request(self, request):
        super().process_request(request)  # checks the session middleware, sets request.auser
        request.user = SimpleLazyObject(lambda: _get_user(request))
