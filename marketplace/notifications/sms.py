"""Sending one SMS: a provider interface, SMSLink.ro's SMS Gateway (HTTP) and a console default.

``SmsLinkProvider`` speaks SMSLink.ro's documented SMS Gateway HTTP API: a GET or POST to
``https://secure.smslink.ro/sms/gateway/communicate/index.php`` with ``connection_id``,
``password``, ``to`` (07xxxxxxxx, or 00 + country code for other countries), ``message`` and an
optional ``sender``; the answer is one line ``LEVEL;code;text;variables``: ``MESSAGE;1;Message
sent;<message id>,...`` on success, ``ERROR;<code>;<reason>`` otherwise. It is on when
``SMS_PROVIDER=smslink`` and both credentials are set. ``ConsoleSmsProvider`` (the default)
writes the SMS to the log and says it did not leave: nothing pretends to reach a phone.
"""

import itertools
import logging
from dataclasses import dataclass

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


class SmsUnavailable(Exception):
    """The gateway did not answer (timeout, connection, 5xx): try again later."""


class SmsRefused(Exception):
    """The gateway answered and refused this SMS (bad number, credentials, credit): do not retry as is."""


@dataclass(frozen=True)
class SmsSent:
    provider: str
    provider_id: str
    delivered: bool = True  # False: the console provider only logged it


class ConsoleSmsProvider:
    name = "console"
    _ids = itertools.count(1)

    def send(self, *, to: str, text: str) -> SmsSent:
        logger.info("SMS (console, not sent) to %s: %s", to, text)
        print(f"[SMS to {to}] {text}")  # noqa: T201  (the dev server's console is where the code is read)
        return SmsSent(self.name, f"console-{next(self._ids)}", delivered=False)


class SmsLinkProvider:
    name = "smslink"
    endpoint = "https://secure.smslink.ro/sms/gateway/communicate/index.php"
    timeout = (5, 15)

    def __init__(self, *, connection_id: str, password: str, sender: str = "", session=None):
        self.connection_id = connection_id
        self.password = password
        self.sender = sender
        self.session = session or requests.Session()

    @staticmethod
    def gateway_number(e164: str) -> str:
        """+40712345678 → 0712345678 (national); other countries 00 + country code + number."""
        if e164.startswith("+40"):
            return "0" + e164[3:]
        return "00" + e164.lstrip("+")

    def send(self, *, to: str, text: str) -> SmsSent:
        data = {"connection_id": self.connection_id, "password": self.password, "to": self.gateway_number(to), "message": text}
        if self.sender:
            data["sender"] = self.sender
        try:
            response = self.session.post(self.endpoint, data=data, timeout=self.timeout)
        except requests.RequestException as exc:
            raise SmsUnavailable(f"SMSLink unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 408:
            raise SmsUnavailable(f"SMSLink answered HTTP {response.status_code}")
        if response.status_code != 200:
            raise SmsRefused(f"SMSLink answered HTTP {response.status_code}")
        parts = response.text.strip().split(";")
        if parts[0] == "MESSAGE" and len(parts) >= 4 and parts[3].split(",")[0].strip():
            return SmsSent(self.name, parts[3].split(",")[0].strip())
        reason = ";".join(parts[1:3]) if len(parts) > 1 else response.text[:200]
        raise SmsRefused(f"SMSLink refused the SMS: {reason}"[:300])


def sms_provider(session=None):
    """SMSLink when chosen and configured; otherwise the console (development, tests, no contract yet)."""
    if settings.SMS_PROVIDER == "smslink" and settings.SMSLINK_CONNECTION_ID and settings.SMSLINK_PASSWORD:
        return SmsLinkProvider(
            connection_id=settings.SMSLINK_CONNECTION_ID, password=settings.SMSLINK_PASSWORD,
            sender=settings.SMSLINK_SENDER, session=session,
        )
    return ConsoleSmsProvider()
