"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import BASE_DIR, Q_CLUSTER, env

DEBUG = False
SECRET_KEY = "test-only-key-snobistic-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "snobistic-tests"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Jobs run inline, in the test's own transaction: what a task does is asserted right away.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
# Push and SMS are not held back by the clock the suite happens to run at; quiet-hours tests turn it on.
NOTIFICATIONS_QUIET_HOURS = False
# Nothing calls ANAF from the suite: its adapter is tested against recorded answers.
COMPANY_REGISTRY_PROVIDER = "offline"
MEDIA_ROOT = BASE_DIR / ".test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if "DATABASE_URL" in env and DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The session and the signed-in user are read from the database on every request, whatever REDIS_URL says:
# the per-process cache would carry a user from one test into the next (tests/accounts/test_session_user.py
# turns the Redis-shaped caching on and clears the cache around it).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AUTH_USER_CACHE_SECONDS = 0
CUSTOMER_CACHE_SECONDS = 0
