"""Production settings refuse to start without their secrets; the embedded default needs none."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x8Hq2!vN0pZ7rT4wY1uK6mB3cL9sD5fG0hJ2kQ8eR7tA4yU1iO6pW3zX5cV9bN2m",
    "DJANGO_ALLOWED_HOSTS": "snobistic.ro",
    "DATABASE_URL": "postgres://snobistic:secret@db:5432/snobistic",
    "REDIS_URL": "redis://redis:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "media",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.com:587",
    "AUTHENTICITY_SIGNING_KEYS": "ci=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",  # certificates' Ed25519 key (required)
}


def _setup(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _setup(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_ALLOWED_HOSTS"}
    result = _setup(env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _setup({**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_production_starts_on_postgresql_redis_and_s3_with_its_environment():
    result = _setup(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_embedded_default_needs_no_environment():
    result = _setup({"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "ro"
    assert [code for code, _name in settings.LANGUAGES] == ["ro", "en"]
    assert settings.TIME_ZONE == "Europe/Bucharest"
    assert settings.USE_TZ is True


def test_production_gzips_pages_but_leaves_static_files_to_whitenoise():
    # Pages and API answers leave gunicorn compressed (nginx compresses nothing); WhiteNoise answers
    # static files, already compressed, before GZip sees them.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(*settings.MIDDLEWARE)"],
        cwd=ROOT, env={**clean, **PRODUCTION_ENV}, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    middleware = result.stdout.split()
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware.index("django.middleware.gzip.GZipMiddleware") == whitenoise + 1
