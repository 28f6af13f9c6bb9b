"""What the four courier adapters share: one HTTP call with timeouts, errors mapped, a cached token.

Every adapter sends its requests through ``HttpCourier._send``, which turns what can go wrong on
the wire into the two errors of ``base``:

- no answer (timeout, refused connection, DNS, a 408), a 5xx or a 429 → ``CourierUnavailable``
  (``retry_after`` from the ``Retry-After`` header when the courier sends one): the AWB job retries
  with backoff;
- a 4xx the courier explains (bad address, unknown locker, bad credentials) → ``CourierRefused`` with
  the courier's own message: retrying will not help, a person has to fix the data.

Tokens (Sameday, FAN Courier, Cargus) live in Django's cache under a key derived from the account
and the host, so every worker shares one login; a 401 drops the cached token, logs in again and
repeats the request once. Tests hand the adapter a ``requests.Session`` with a recorded-response
transport adapter mounted; nothing here opens a socket of its own.
"""

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import requests
from django.core.cache import cache
from django.utils.translation import gettext as _

from .base import Courier, CourierRefused, CourierUnavailable, TrackingStatus

BUCHAREST = ZoneInfo("Europe/Bucharest")
CONNECT_TIMEOUT = 5  # seconds to open the connection
READ_TIMEOUT = 30  # seconds to wait for the answer (label PDFs and locker lists are the slow ones)


def retry_after_seconds(response: requests.Response) -> float | None:
    """The ``Retry-After`` header in seconds (it may be a number or an HTTP date), or None."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def local_datetime(value: str) -> datetime | None:
    """A courier's timestamp as an aware datetime; a time without an offset is Bucharest time."""
    value = (value or "").strip()
    if not value:
        return None
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):  # 2019-02-26T09:37:28+0200 → +02:00
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BUCHAREST)


def plain(text: str) -> str:
    """Lower case without diacritics, for matching a courier's Romanian or English status text."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# Status words, checked in this order (the first that matches wins). Couriers publish their
# status codes only partly; each adapter maps the codes it knows and falls back to these words.
STATUS_WORDS = (
    (TrackingStatus.CANCELLED, ("anulat", "sters", "cancel", "void")),
    (TrackingStatus.RETURNED, ("returnat", "retur la expeditor", "predat expeditorului", "returned to sender",
                               "return to sender", "retur")),
    (TrackingStatus.FAILED_DELIVERY, ("nelivrat", "refuz", "absent", "nu raspunde", "adresa gresit",
                                      "adresa incomplet", "amanat", "reprogramat", "avizat", "esuat",
                                      "not delivered", "unsuccessful", "refused", "failed", "not at home")),
    (TrackingStatus.DELIVERED, ("livrat", "confirmat de destinatar", "delivered", "ridicat din easybox")),
    (TrackingStatus.OUT_FOR_DELIVERY, ("in livrare", "spre livrare", "pentru livrare", "out for delivery",
                                       "on delivery", "disponibil in", "depus in easybox", "available for pick")),
    (TrackingStatus.PICKED_UP, ("ridicat", "preluat", "picked up", "accepted", "collected")),
    (TrackingStatus.IN_TRANSIT, ("tranzit", "depozit", "hub", "sortat", "sortare", "sosit", "granita",
                                 "transit", "arriv", "departure", "sorting")),
    (TrackingStatus.CREATED, ("emis", "inregistrat", "generat", "creat", "created", "registered", "data received")),
)


def status_from_words(*texts: str, default: str = TrackingStatus.IN_TRANSIT) -> str:
    """The normalised status a courier's own wording describes.

    An event we cannot read is one more step of a parcel that exists and moves, so the default is
    ``in_transit``: never ``delivered`` (that would complete an order) and never a failure.
    """
    text = " ".join(plain(t) for t in texts if t)
    for status, words in STATUS_WORDS:
        if any(word in text for word in words):
            return status
    return default


def php_form(data: dict) -> list[tuple[str, str]]:
    """Nested data as PHP's ``http_build_query`` writes it (``a[b][0][c]=v``), which Sameday reads.

    Like PHP, ``None`` is left out, ``True``/``False`` become ``1``/``0``.
    """
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value) -> None:
        if value is None:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}[{key}]" if prefix else str(key), item)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(f"{prefix}[{index}]", item)
        elif isinstance(value, bool):
            pairs.append((prefix, "1" if value else "0"))
        else:
            pairs.append((prefix, str(value)))

    walk("", data)
    return pairs


class HttpCourier(Courier):
    """A courier reached over HTTP with ``requests``; subclasses say how to log in, if they do."""

    timeout = (CONNECT_TIMEOUT, READ_TIMEOUT)
    token_ttl = 3600  # seconds, when the courier does not say how long its token lives

    def __init__(self, *, base_url: str, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()

    # --- the wire -------------------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        """One request; raises ``CourierUnavailable`` when the courier cannot answer properly."""
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise CourierUnavailable(
                _("%(courier)s did not answer in time.") % {"courier": self.label}, raw=str(exc)
            ) from exc
        except requests.RequestException as exc:
            raise CourierUnavailable(
                _("%(courier)s could not be reached.") % {"courier": self.label}, raw=str(exc)
            ) from exc
        if response.status_code == 408:  # the courier's own gateway gave up waiting: worth another try
            raise CourierUnavailable(
                _("%(courier)s did not answer in time.") % {"courier": self.label},
                retry_after=retry_after_seconds(response), raw=self._body(response),
            )
        if response.status_code == 429:
            raise CourierUnavailable(
                _("%(courier)s is limiting requests; try again later.") % {"courier": self.label},
                retry_after=retry_after_seconds(response), raw=self._body(response),
            )
        if response.status_code >= 500:
            raise CourierUnavailable(
                _("%(courier)s is having a problem (HTTP %(status)s); try again later.")
                % {"courier": self.label, "status": response.status_code},
                retry_after=retry_after_seconds(response), raw=self._body(response),
            )
        return response

    @staticmethod
    def _body(response: requests.Response):
        """The JSON body, or the text when it is not JSON."""
        try:
            return response.json()
        except ValueError:
            return response.text

    def _refused(self, message: str, raw=None) -> CourierRefused:
        message = (message or "").strip() or _("no reason given")
        return CourierRefused(
            _("%(courier)s refused: %(message)s") % {"courier": self.label, "message": message[:500]}, raw=raw
        )

    def _not_pdf(self, awb_number: str, raw=None) -> CourierUnavailable:
        return CourierUnavailable(
            _("%(courier)s did not send the label of AWB %(awb)s.") % {"courier": self.label, "awb": awb_number},
            raw=raw,
        )

    # --- the token ------------------------------------------------------------------------------

    def _cache_key(self, account: str) -> str:
        digest = hashlib.sha256(f"{self.base_url}|{account}".encode()).hexdigest()[:24]
        return f"couriers:{self.code}:token:{digest}"

    def _login(self) -> tuple[str, int]:
        """Ask the courier for a new token; returns it and how many seconds it may be cached."""
        raise NotImplementedError

    def _account(self) -> str:
        raise NotImplementedError

    def _token(self, *, fresh: bool = False) -> str:
        key = self._cache_key(self._account())
        token = None if fresh else cache.get(key)
        if not token:
            token, ttl = self._login()
            cache.set(key, token, max(60, ttl))
        return token

    def _forget_token(self) -> None:
        cache.delete(self._cache_key(self._account()))

    def _auth_headers(self, token: str) -> dict:
        raise NotImplementedError

    def _call(self, method: str, path: str, **kwargs) -> requests.Response:
        """An authenticated request: on 401 the token is dropped and the request repeated once."""
        extra = kwargs.pop("headers", {}) or {}
        response = None
        for attempt in range(2):
            token = self._token(fresh=attempt > 0)
            response = self._send(method, path, headers={**extra, **self._auth_headers(token)}, **kwargs)
            if response.status_code != 401:
                return response
            self._forget_token()
        raise CourierRefused(
            _("%(courier)s did not accept our credentials.") % {"courier": self.label}, raw=self._body(response)
        )
