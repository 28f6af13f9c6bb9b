"""The safe URL fetcher: public http(s) hosts only, checked when the connection opens."""

import http.server
import socket
import threading

import pytest
from django.core.exceptions import ValidationError

from marketplace.common import fetch
from marketplace.common.fetch import fetch_url


class _Photo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"\xff\xd8\xff photo"
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Photo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_a_host_that_turns_private_after_the_check_is_not_reached(monkeypatch, local_server):
    """DNS rebinding: the name is public when checked, 127.0.0.1 when the connection looks it up."""
    real_getaddrinfo, lookups = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = "93.184.215.14" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(ValidationError) as refused:
        fetch_url(f"http://rebind.example:{local_server.server_port}/bag.jpg", max_bytes=1024, timeout=(2, 2))
    assert refused.value.code == "fetch"
    assert len(lookups) >= 2  # checked before the request, and again (refused) when connecting


@pytest.mark.parametrize(
    ("url", "code"),
    [("file:///etc/passwd", "scheme"), ("ftp://example.com/a.jpg", "scheme"), ("http://127.0.0.1/a.jpg", "host"),
     ("http://10.0.0.8/a.jpg", "host"), ("http://169.254.169.254/latest/meta-data/", "host"), ("http://[::1]/a.jpg", "host")],
)
def test_non_web_and_private_addresses_are_refused_before_any_request(url, code):
    with pytest.raises(ValidationError) as refused:
        fetch_url(url, max_bytes=1024, timeout=(1, 1))
    assert refused.value.code == code


def test_a_public_looking_name_still_reaches_nothing_private(monkeypatch, local_server):
    # Given a name that resolves only to loopback, then the check refuses it by its address
    monkeypatch.setattr(fetch, "_resolve", lambda host: ["127.0.0.1"])
    with pytest.raises(ValidationError) as refused:
        fetch_url(f"http://photos.example:{local_server.server_port}/bag.jpg", max_bytes=1024, timeout=(1, 1))
    assert refused.value.code == "host"
