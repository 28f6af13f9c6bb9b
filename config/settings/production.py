"""Production: PostgreSQL, Redis, S3 media, SMTP, HTTPS — all from the environment.

Import fails with ImproperlyConfigured, naming every missing variable, rather than start a
site that would quietly run on a development default.
"""

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from sentry_sdk.integrations.django import DjangoIntegration

from config.csp import backoffice_policy, storefront_policy
from config.logging import json_logging

from .base import *  # noqa: F403
from .base import env

REQUIRED = [
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "EMAIL_URL",
    "AUTHENTICITY_SIGNING_KEYS",  # certificates signed with a throw-away key would stop verifying
]
missing = [name for name in REQUIRED if not env(name, default="")]
if missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(missing)
    )

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Links in e-mails: SITE_URL when set, else the first allowed host over https (never localhost).
SITE_URL = env("SITE_URL", default="").rstrip("/") or "https://" + ALLOWED_HOSTS[0].lstrip(".")

# Workers load the photo cut-out model (rembg) as they start: a vendor's first photo after a deploy
# or a worker recycle is cut out in seconds (the compiled kernels come from NUMBA_CACHE_DIR).
BACKGROUND_REMOVAL_WARM_UP = env.bool("BACKGROUND_REMOVAL_WARM_UP", default=True)

# HTTPS is terminated by the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^livez/$"]  # probes over plain HTTP inside the network
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"  # links in verification and reset e-mails

# Media on an S3-compatible bucket (AWS, MinIO in docker-compose); static files served by
# WhiteNoise from the image, compressed and fingerprinted.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)
AWS_S3_FILE_OVERWRITE = False
# The Content-Security-Policy lets pages show photos from the bucket, and websockets only over TLS.
_bucket_origins = (
    [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    if AWS_S3_CUSTOM_DOMAIN
    else [AWS_S3_ENDPOINT_URL.rstrip("/")]
    if AWS_S3_ENDPOINT_URL
    else [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com", f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME or 'us-east-1'}.amazonaws.com"]
)
CSP_IMG_SOURCES = [*CSP_IMG_SOURCES, *_bucket_origins]  # noqa: F405
CSP_WEBSOCKET_SCHEMES = ["wss:"]
SECURE_CSP = storefront_policy(img_sources=CSP_IMG_SOURCES, websocket_schemes=CSP_WEBSOCKET_SCHEMES, form_targets=CSP_FORM_TARGETS)  # noqa: F405
CSP_BACKOFFICE = backoffice_policy(img_sources=CSP_IMG_SOURCES, websocket_schemes=CSP_WEBSOCKET_SCHEMES, form_targets=CSP_FORM_TARGETS)  # noqa: F405
# WhiteNoise after the request id and SecurityMiddleware; then pages and API answers gzipped (static files
# come precompressed from WhiteNoise and return before it; nginx compresses nothing). Django's GZip pads
# each answer with random bytes against BREACH, and the CSRF token is masked per response anyway.
MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE[:2],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    *MIDDLEWARE[2:],  # noqa: F405
]
STORAGES = {
    "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    "staticfiles": {"BACKEND": "config.static_storage.StaticFilesStorage"},  # WhiteNoise, module imports fingerprinted
}


def _mailer(url: str) -> dict:
    """The MAILERS entry for EMAIL_URL, with only the options its backend accepts.

    Django 6.1 refuses unknown options (InvalidMailer), so SMTP's host, port, credentials and
    TLS flags go to the SMTP backend only; the file backend takes its directory; console,
    memory and dummy take none.
    """
    parsed = env.email_url_config(url)
    backend = parsed["EMAIL_BACKEND"]
    options = {}
    if backend.endswith(".smtp.EmailBackend"):
        if not parsed["EMAIL_HOST"]:
            raise ImproperlyConfigured("EMAIL_URL needs a host, e.g. smtp+tls://user:pass@smtp.example.com:587")
        options = {
            "host": parsed["EMAIL_HOST"],
            "port": parsed["EMAIL_PORT"] or (465 if parsed.get("EMAIL_USE_SSL") else 587 if parsed.get("EMAIL_USE_TLS") else 25),
            "username": parsed["EMAIL_HOST_USER"] or "",
            "password": parsed["EMAIL_HOST_PASSWORD"] or "",
            "use_tls": bool(parsed.get("EMAIL_USE_TLS")),
            "use_ssl": bool(parsed.get("EMAIL_USE_SSL")),
            "timeout": 15,
        }
    elif backend.endswith(".filebased.EmailBackend"):
        # django-environ drops the leading "/" of the path: filemail:///var/mail/snobistic → var/mail/snobistic.
        path = parsed["EMAIL_FILE_PATH"]
        if not path:
            raise ImproperlyConfigured("EMAIL_URL filemail:// needs a directory, e.g. filemail:///var/mail/snobistic")
        options = {"file_path": path if path.startswith("/") else "/" + path}
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": _mailer(env("EMAIL_URL"))}

# JSON lines on stderr, each with the request id (config/logging.py); jobs carry their request's.
LOGGING = json_logging(env("DJANGO_LOG_LEVEL", default="INFO"))

# Errors (unhandled exceptions, ERROR log records of the web, realtime and worker processes) go
# to Sentry when SENTRY_DSN is set, and nowhere else when it is not.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
