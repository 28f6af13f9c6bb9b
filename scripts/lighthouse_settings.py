"""Production settings for `make lighthouse`, with the media bucket's role played by a loopback
static server over plain HTTP (AWS_S3_CUSTOM_DOMAIN=127.0.0.1:<port>)."""

from config.csp import backoffice_policy, storefront_policy
from config.settings.production import *  # noqa: F403

AWS_S3_URL_PROTOCOL = "http:"
# Production allows photos from https://<custom domain> only; the loopback bucket is plain HTTP, so
# the policy names that origin with http:// (otherwise every photo is blocked and logged as a
# console error). Nothing else in the policy changes.
CSP_IMG_SOURCES = [  # noqa: F405
    f"http://{AWS_S3_CUSTOM_DOMAIN}" if source == f"https://{AWS_S3_CUSTOM_DOMAIN}" else source  # noqa: F405
    for source in CSP_IMG_SOURCES  # noqa: F405
]
SECURE_CSP = storefront_policy(img_sources=CSP_IMG_SOURCES, websocket_schemes=CSP_WEBSOCKET_SCHEMES, form_targets=CSP_FORM_TARGETS)  # noqa: F405
CSP_BACKOFFICE = backoffice_policy(img_sources=CSP_IMG_SOURCES, websocket_schemes=CSP_WEBSOCKET_SCHEMES, form_targets=CSP_FORM_TARGETS)  # noqa: F405
