"""Plays recorded courier answers to an adapter's ``requests.Session``: no socket is ever opened.

``Player`` is a ``requests`` transport adapter. Each expected call names the method and the path
(query string ignored, matched as a prefix after the host) and what comes back: a recorded JSON file
from ``recorded/<courier>/``, raw bytes, a status and headers, or an exception (a timeout).
Calls are answered in order; an unexpected call fails the test. What was sent is kept in ``sent``.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from marketplace.shipping.couriers.base import Address, AwbRequest, Parcel

RECORDED = Path(__file__).parent / "recorded"


@dataclass
class Reply:
    method: str
    path: str
    status: int = 200
    file: str = ""  # recorded/<courier>/<file>
    body: bytes | str | dict | list | None = None
    headers: dict = field(default_factory=dict)
    raises: Exception | None = None


class Player(BaseAdapter):
    def __init__(self, courier: str, replies: list[Reply]):
        super().__init__()
        self.courier, self.replies, self.sent = courier, list(replies), []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        assert timeout, "every courier call must have a timeout"
        assert self.replies, f"unexpected call {request.method} {request.url}"
        reply = self.replies.pop(0)
        url = urlsplit(request.url)
        assert request.method == reply.method and url.path.endswith(reply.path), (
            f"expected {reply.method} …{reply.path}, got {request.method} {url.path}"
        )
        self.sent.append(Sent(request))
        if reply.raises is not None:
            raise reply.raises
        if reply.file:
            content = (RECORDED / self.courier / reply.file).read_bytes()
            headers = {"Content-Type": "application/pdf" if reply.file.endswith(".pdf") else "application/json"}
        elif isinstance(reply.body, (dict, list)) or (reply.body is not None and not isinstance(reply.body, (bytes, str))):
            content, headers = json.dumps(reply.body).encode(), {"Content-Type": "application/json"}
        elif isinstance(reply.body, str):
            content, headers = reply.body.encode(), {"Content-Type": "text/plain"}
        else:
            content, headers = reply.body or b"", {}
        response = requests.Response()
        response.status_code, response._content, response.url = reply.status, content, request.url
        response.headers = CaseInsensitiveDict({**headers, **reply.headers})
        response.request, response.encoding = request, "utf-8"
        return response

    def close(self):
        pass

    @property
    def done(self) -> bool:
        return not self.replies


class Sent:
    """One request as the courier received it."""

    def __init__(self, request: requests.PreparedRequest):
        self.method, self.url, self.headers = request.method, request.url, request.headers
        self.body = request.body.encode() if isinstance(request.body, str) else (request.body or b"")
        self.path = urlsplit(request.url).path
        self.query = parse_qs(urlsplit(request.url).query)

    def json(self):
        return json.loads(self.body)

    def form(self) -> dict:
        return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(self.body.decode()).items()}


def session_with(courier: str, replies: list[Reply]) -> tuple[requests.Session, Player]:
    session, player = requests.Session(), Player(courier, replies)
    session.mount("https://", player)
    session.mount("http://", player)
    return session, player


def awb_request(**overrides):
    """A vendor in Bucharest sends a bag to a buyer in Cluj-Napoca, cash on delivery."""
    values = {
        "reference": "SHP-000042",
        "sender": Address(name="Atelier Ioana SRL", phone="0722000111", street="Str. Episcopiei 6",
                          city="Bucuresti", county="Bucuresti", postal_code="010292", email="atelier@example.ro",
                          contact="Ioana Marin"),
        "recipient": Address(name="Maria Popescu", phone="0744123456", street="Str. Memorandumului 21, ap. 4",
                             city="Cluj-Napoca", county="Cluj", postal_code="400114", email="maria@example.ro"),
        "parcel": Parcel(weight_kg=Decimal("1.20"), length_cm=40, width_cm=30, height_cm=15),
        "cod_amount": Decimal("1250.00"),
        "declared_value": Decimal("1250.00"),
        "contents": "Geanta de piele",
    }
    values.update(overrides)
    return AwbRequest(**values)
