"""Production settings send e-mail with every EMAIL_URL scheme django-environ knows (and the README names).

Each case imports `config.settings.production` in a fresh interpreter with the environment a
deployment would set, and sends one message through `django.core.mail`, as an e-mail job does.
"""

import base64
import json
import os
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SEND = """
import json, django
django.setup()
from django.core import mail
from django.core.mail import send_mail, mailers
try:
    sent, error = send_mail("Comanda SNB-1 / Order SNB-1", "Mulțumim!", None, ["ana@example.ro"]), None
except Exception as exc:
    sent, error = 0, type(exc).__name__
mailer = mailers["default"]
print(json.dumps({
    "sent": sent,
    "error": error,
    "site_url": __import__("django.conf").conf.settings.SITE_URL,
    "backend": type(mailer).__module__,
    "outbox": len(getattr(mail, "outbox", [])),
    "smtp": {name: getattr(mailer, name, None) for name in ("host", "port", "username", "use_tls", "use_ssl")},
}))
"""


def send_with(email_url: str) -> tuple[dict, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k3y-Zq8@Lw2!pV" * 5,
        "DJANGO_ALLOWED_HOSTS": "snobistic.ro",
        "DATABASE_URL": "postgres://snobistic:secret@127.0.0.1:5432/snobistic",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "AWS_STORAGE_BUCKET_NAME": "snobistic-media",
        "EMAIL_URL": email_url,
        "AUTHENTICITY_SIGNING_KEYS": "ci=" + base64.b64encode(bytes(range(32))).decode(),  # required since issue 16
    }
    result = subprocess.run(
        [sys.executable, "-c", SEND], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    *printed, report = result.stdout.strip().splitlines()
    return json.loads(report), "\n".join(printed)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: greet, accept one message, remember it."""

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 test\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    data += chunk
                self.server.messages.append(data)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_consolemail_prints_the_message():
    report, printed = send_with("consolemail://")
    assert report["sent"] == 1 and report["backend"] == "django.core.mail.backends.console"
    assert report["site_url"] == "https://snobistic.ro"  # e-mail links: the public host, not localhost
    assert "Subject: Comanda SNB-1 / Order SNB-1" in printed


def test_filemail_writes_the_message_into_the_directory(tmp_path):
    report, _printed = send_with(f"filemail://{tmp_path}/outgoing")
    assert report["sent"] == 1
    [written] = (tmp_path / "outgoing").iterdir()
    assert "Subject: Comanda SNB-1 / Order SNB-1" in written.read_text()


def test_memorymail_keeps_the_message_in_the_outbox():
    report, _printed = send_with("memorymail://")
    assert report["sent"] == 1 and report["outbox"] == 1


def test_dummymail_accepts_and_drops_the_message():
    report, _printed = send_with("dummymail://")
    assert report["sent"] == 1 and report["backend"] == "django.core.mail.backends.dummy"


def test_smtp_delivers_to_the_server(smtp_server):
    host, port = smtp_server.server_address
    report, _printed = send_with(f"smtp://{host}:{port}")
    assert report["sent"] == 1
    [message] = smtp_server.messages
    assert b"Subject: Comanda SNB-1 / Order SNB-1" in message


@pytest.mark.parametrize(
    ("url", "tls", "ssl", "port"),
    [
        ("smtp+tls://mailer:s3cret@127.0.0.1:9", True, False, 9),
        ("smtps://mailer:s3cret@127.0.0.1:9", True, False, 9),
        ("smtp+ssl://mailer:s3cret@127.0.0.1:9", False, True, 9),
        ("smtp+tls://mailer:s3cret@127.0.0.1", True, False, 587),
        ("smtp+ssl://mailer:s3cret@127.0.0.1", False, True, 465),
    ],
)
def test_smtp_with_tls_or_ssl_gets_its_options_and_reaches_for_the_server(url, tls, ssl, port):
    """No TLS server listens here: the mailer is built with the right options and the send fails only on the network."""
    report, _printed = send_with(url)
    assert report["smtp"] == {"host": "127.0.0.1", "port": port, "username": "mailer", "use_tls": tls, "use_ssl": ssl}
    assert report["sent"] == 0 and report["error"] in {"ConnectionRefusedError", "TimeoutError", "OSError"}
