"""Inbound e-mail replies from Mailgun (a route whose action is ``forward("https://<site>/support/webhooks/inbound-email/")``).

Mailgun posts the parsed message (form fields; multipart when it has attachments): ``recipient``,
``sender``, ``from``, ``subject``, ``body-plain``, ``stripped-text`` (the reply without the quoted
part), ``Message-Id`` (each MIME header is posted as its own field, and all of them in
``message-headers``), and ``timestamp``, ``token``, ``signature`` to check it came from Mailgun:
``signature`` is the hex HMAC-SHA256 of ``timestamp + token`` under the webhook signing key
(https://documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http,
"Securing Webhooks"). We also refuse a timestamp older than ``max_age`` seconds; replays within it
are harmless because a reply is added once per Message-Id.

The ticket is found by the token in the reply address ``support+<token>@<SUPPORT_REPLY_DOMAIN>``.
"""

import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from email.utils import getaddresses, parseaddr

from django.conf import settings

from .models import TicketMessage
from .services import ticket_reply_from_email

TOKEN_RE = re.compile(r"^support\+([0-9a-f]{24})@(.+)$", re.IGNORECASE)


class InboundSignatureError(Exception):
    code = "bad_signature"


@dataclass(frozen=True)
class InboundEmail:
    reply_token: str
    sender: str
    text: str
    message_id: str


def mailgun_signature(*, signing_key: str, timestamp: str, token: str) -> str:
    return hmac.new(signing_key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()


def _field(fields, name: str) -> str:
    value = fields.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "")


def _message_id(fields) -> str:
    for name in ("Message-Id", "Message-ID", "message-id"):
        if _field(fields, name):
            return _field(fields, name).strip()
    try:
        headers = json.loads(_field(fields, "message-headers") or "[]")
    except ValueError:
        headers = []
    for pair in headers if isinstance(headers, list) else []:
        if isinstance(pair, list) and len(pair) == 2 and str(pair[0]).lower() == "message-id":
            return str(pair[1]).strip()
    return ""


def reply_token_from(recipients: str) -> str:
    """The ticket token of the first ``support+<token>@<our reply domain>`` among the recipients, or ""."""
    domain = settings.SUPPORT_REPLY_DOMAIN.lower()
    for _name, address in getaddresses([recipients or ""]):
        match = TOKEN_RE.match(address.strip())
        if match and match.group(2).lower() == domain:
            return match.group(1).lower()
    return ""


def mailgun_parse(fields, *, signing_key: str, max_age: int, now: float | None = None) -> InboundEmail:
    """Check Mailgun's signature and freshness, then read the reply out of the posted fields."""
    if not signing_key:
        raise InboundSignatureError("inbound e-mail is not configured (SUPPORT_INBOUND_SIGNING_KEY)")
    timestamp, token, signature = _field(fields, "timestamp"), _field(fields, "token"), _field(fields, "signature")
    if not (timestamp and token and signature):
        raise InboundSignatureError("signature fields missing")
    expected = mailgun_signature(signing_key=signing_key, timestamp=timestamp, token=token)
    if not hmac.compare_digest(expected, signature.lower()):
        raise InboundSignatureError("signature does not match")
    try:
        age = (now if now is not None else time.time()) - int(timestamp)
    except ValueError as exc:
        raise InboundSignatureError("bad timestamp") from exc
    if abs(age) > max_age:
        error = InboundSignatureError("signature too old")
        error.code = "stale_signature"
        raise error
    sender = parseaddr(_field(fields, "from"))[1] or _field(fields, "sender")
    text = _field(fields, "stripped-text") or _field(fields, "body-plain")
    return InboundEmail(
        reply_token=reply_token_from(_field(fields, "recipient") or _field(fields, "To")),
        sender=sender, text=text, message_id=_message_id(fields),
    )


def inbound_reply_add(email: InboundEmail) -> TicketMessage:
    return ticket_reply_from_email(
        reply_token=email.reply_token, sender=email.sender, body=email.text, message_id=email.message_id,
    )
