"""Production's Content-Security-Policy shows the media bucket's photos and allows websockets over TLS only."""

import json

from tests.config.test_settings import PRODUCTION_ENV, ROOT

PRINT_POLICIES = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.SECURE_CSP, settings.CSP_BACKOFFICE]))"
)


def _policies(env: dict):
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "AWS_"))}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_POLICIES], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_policy_allows_the_bucket_images_and_only_secure_websockets():
    storefront, backoffice = _policies({**PRODUCTION_ENV, "AWS_S3_CUSTOM_DOMAIN": "media.snobistic.ro"})
    for policy in (storefront, backoffice):
        assert "https://media.snobistic.ro" in policy["img-src"]
        assert policy["connect-src"] == ["'self'", "wss:"]
    assert "'unsafe-eval'" not in storefront["script-src"] and "'unsafe-inline'" not in storefront["style-src"]
    storefront, _ = _policies({**PRODUCTION_ENV, "AWS_S3_ENDPOINT_URL": "https://minio.snobistic.ro:9000/"})
    assert "https://minio.snobistic.ro:9000" in storefront["img-src"]


def test_local_policy_allows_plain_websockets_for_runserver():
    storefront, _ = _policies({"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    assert {"ws:", "wss:"} <= set(storefront["connect-src"])
