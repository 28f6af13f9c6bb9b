"""Delivering one notification to one browser.

``WebPushProvider`` speaks the Web Push protocol (RFC 8030) with VAPID (RFC 8292) and
aes128gcm payload encryption (RFC 8291) through pywebpush; it is on when ``VAPID_PRIVATE_KEY``
and ``VAPID_PUBLIC_KEY`` are set. Without them ``InboxOnlyProvider`` delivers nothing by push
and says so: the notification still waits in the buyer's in-app inbox.
"""

import json
import logging
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

# Push services answer 404 or 410 for a subscription that the browser dropped.
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class PushResult:
    delivered: bool
    gone: bool = False
    status: int | None = None
    detail: str = ""


class InboxOnlyProvider:
    name = "inbox"
    enabled = False

    def send(self, subscription_info: dict, payload: dict) -> PushResult:
        return PushResult(delivered=False, detail="Web Push is not configured (VAPID keys missing).")


class WebPushProvider:
    name = "webpush"
    enabled = True

    def __init__(self, *, private_key: str, subject: str, ttl: int, timeout: float, session=None):
        self.private_key, self.subject, self.ttl, self.timeout, self.session = private_key, subject, ttl, timeout, session

    def send(self, subscription_info: dict, payload: dict) -> PushResult:
        # Lazy on purpose: pywebpush (cryptography, http_ece, py_vapid) takes about a second to import,
        # and only the job that sends a push needs it.
        from pywebpush import WebPushException, webpush  # noqa: PLC0415

        try:
            response = webpush(
                subscription_info,
                data=json.dumps(payload, ensure_ascii=False),
                vapid_private_key=self.private_key,
                vapid_claims={"sub": self.subject},
                ttl=self.ttl,
                timeout=self.timeout,
                requests_session=self.session,
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            return PushResult(delivered=False, gone=status in GONE_STATUSES, status=status, detail=str(exc)[:300])
        except OSError as exc:  # connection refused, DNS, timeout
            return PushResult(delivered=False, detail=str(exc)[:300])
        return PushResult(delivered=True, status=getattr(response, "status_code", None))


def push_provider(session=None):
    if settings.VAPID_PRIVATE_KEY and settings.VAPID_PUBLIC_KEY:
        return WebPushProvider(
            private_key=settings.VAPID_PRIVATE_KEY, subject=settings.VAPID_SUBJECT,
            ttl=settings.WEB_PUSH_TTL_SECONDS, timeout=10.0, session=session,
        )
    return InboxOnlyProvider()
