"""Production errors go to Sentry when SENTRY_DSN is set, and nowhere when it is not.

Each case imports `config.settings.production` in a fresh interpreter (sentry-sdk is set up at
import), logs an error with its traceback as Django's request logger does for a 500, and
flushes. A loopback HTTP server stands in for Sentry's ingest endpoint.
"""

import base64
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RAISE = """
import json, logging, django
django.setup()
import sentry_sdk
from django.core.signals import got_request_exception
try:
    raise RuntimeError("prod-smoke-sentry-probe")
except RuntimeError:
    # what Django's handler does with an unhandled exception in a view: the signal, then the log
    got_request_exception.send(sender=None, request=None)
    logging.getLogger("django.request").error("Internal Server Error: /x/", exc_info=True)
sentry_sdk.flush(timeout=5)
print(json.dumps({"active": sentry_sdk.get_client().is_active()}))
"""


class _Ingest(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def ingest():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_production(**extra) -> tuple[dict, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k3y-Zq8@Lw2!pV" * 5,
        "DJANGO_ALLOWED_HOSTS": "snobistic.ro",
        "DATABASE_URL": "postgres://snobistic:secret@127.0.0.1:5432/snobistic",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "AWS_STORAGE_BUCKET_NAME": "snobistic-media",
        "EMAIL_URL": "dummymail://",
        "AUTHENTICITY_SIGNING_KEYS": "ci=" + base64.b64encode(bytes(range(32))).decode(),
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", RAISE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_with_sentry_dsn_an_error_reaches_sentry(ingest):
    host, port = ingest.server_address
    report, _stderr = run_production(SENTRY_DSN=f"http://publickey@{host}:{port}/42")
    assert report["active"] is True
    [(path, body)] = ingest.received
    assert path == "/api/42/envelope/"
    assert b"prod-smoke-sentry-probe" in body and b"RuntimeError" in body


def test_without_sentry_dsn_nothing_is_sent_and_the_error_is_a_json_log_line(ingest):
    report, stderr = run_production()
    assert report["active"] is False and ingest.received == []
    [line] = [json.loads(line) for line in stderr.splitlines() if "prod-smoke-sentry-probe" in line]
    assert line["level"] == "ERROR" and line["logger"] == "django.request" and "RuntimeError" in line["exc_info"]
