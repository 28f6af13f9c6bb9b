"""Production settings for `make lighthouse`, with the media bucket's role played by a loopback
static server over plain HTTP (AWS_S3_CUSTOM_DOMAIN=127.0.0.1:<port>)."""

from config.settings.production import *  # noqa: F403

AWS_S3_URL_PROTOCOL = "http:"
