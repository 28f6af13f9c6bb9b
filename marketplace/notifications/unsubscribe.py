"""One-click unsubscribe (RFC 8058): a signed link in each e-mail of a kind that allows it.

The token names the person and the kind; it is signed with the site's secret (``django.core.signing``,
its own salt), never expires (an old e-mail's link still works) and can only turn that kind's e-mail
off. ``List-Unsubscribe`` carries the link, ``List-Unsubscribe-Post`` says a POST to it is enough.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .kinds import PREFERENCES

SALT = "marketplace.notifications.unsubscribe"


def unsubscribe_allowed(kind: str) -> bool:
    """Whether e-mails of ``kind`` (an inbox kind) carry an unsubscribe link."""
    preference = PREFERENCES.get(kind)
    return bool(preference and preference.unsubscribe and "email" not in preference.locked)


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a genuine token for a kind that allows unsubscribing; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not unsubscribe_allowed(str(data.get("k"))):
        return None
    return data["u"], data["k"]


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    path = reverse("notifications_unsubscribe", args=[unsubscribe_token(user_id=user_id, kind=kind)])
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(url: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
