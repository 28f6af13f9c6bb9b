"""Fetching a file from an address someone typed, without letting it reach inside our network.

``fetch_url`` is the one way the platform downloads from an address given by a user or a sheet
(today: the photo URLs of a spreadsheet import): http(s) only, public hosts only (no localhost,
LAN or cloud metadata, checked at the moment the connection opens, so DNS rebinding cannot slip
past), at most 3 redirects, each checked the same way, connect and read timeouts, a size cap
checked against the declared length and again while reading. Every refusal is a
``ValidationError`` with a stable code: ``scheme``, ``host``, ``http``, ``too_large``,
``redirects``, ``fetch``.
"""

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import requests
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

MAX_REDIRECTS = 3


def _http_session():
    """A requests session whose connections go only to public addresses (see ``_public_only_adapter``)."""
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the address checked is the one reached
    adapter = _public_only_adapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _resolve(host: str) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, None)]


def _all_global(addresses: list[str]) -> bool:
    return bool(addresses) and all(ipaddress.ip_address(a.split("%", 1)[0]).is_global for a in addresses)


def public_address(host: str) -> bool:
    """Only addresses on the public internet are fetched (no localhost, LAN or cloud metadata)."""
    try:
        return _all_global(_resolve(host))
    except (OSError, UnicodeError, ValueError):
        return False


def _public_only_adapter():
    """A transport adapter that checks the address at the moment it connects, and connects to it.

    Checking a host name before the request is not enough: a name can resolve to a public address
    for the check and to 127.0.0.1 a moment later, when the HTTP library looks it up again (DNS
    rebinding). Here the connection resolves the name once, refuses unless every address is
    public, and opens the socket to the address it just checked. TLS still verifies the name.
    """
    class PublicOnly:
        def _new_conn(self):
            try:
                addresses = _resolve(self._dns_host)
            except (OSError, UnicodeError) as exc:
                raise NewConnectionError(self, f"cannot resolve {self._dns_host}") from exc
            if not _all_global(addresses):
                raise NewConnectionError(self, f"{self._dns_host} is not a public address")
            self._dns_host = addresses[0]
            return super()._new_conn()

    class PublicHTTPConnection(PublicOnly, HTTPConnection):
        pass

    class PublicHTTPSConnection(PublicOnly, HTTPSConnection):
        pass

    class PublicHTTPPool(HTTPConnectionPool):
        ConnectionCls = PublicHTTPConnection

    class PublicHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = PublicHTTPSConnection

    class PublicOnlyAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": PublicHTTPPool, "https": PublicHTTPSPool}

    return PublicOnlyAdapter(max_retries=0)


def too_large_error(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The photo is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}, code="too_large",
    )


def fetch_url(
    url: str, *, max_bytes: int, timeout: tuple[float, float], user_agent: str = "SNOBISTIC/1"
) -> SimpleUploadedFile:
    """Download ``url`` (public http(s) only, ≤ 3 redirects, ``timeout`` = (connect, read), ≤ ``max_bytes``).

    Returns the bytes as an uploaded file named after the address's last path segment, with the
    Content-Type the server declared; what the bytes are is for the caller to check.
    """
    session = _http_session()
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValidationError(_("Only http and https addresses can be fetched."), code="scheme")
            if not public_address(parts.hostname):
                raise ValidationError(_("%(host)s is not a public address.") % {"host": parts.hostname}, code="host")
            with session.get(
                current, timeout=timeout, stream=True, allow_redirects=False, headers={"User-Agent": user_agent}
            ) as response:
                if response.is_redirect and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                if response.status_code != 200:
                    raise ValidationError(
                        _("The address answered with HTTP %(status)s.") % {"status": response.status_code}, code="http"
                    )
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise too_large_error(max_bytes)
                data = bytearray()
                for piece in response.iter_content(64 * 1024):
                    data.extend(piece)
                    if len(data) > max_bytes:
                        raise too_large_error(max_bytes)
                name = parts.path.rsplit("/", 1)[-1] or "photo"
                return SimpleUploadedFile(name[:100], bytes(data), content_type=response.headers.get("Content-Type", ""))
        raise ValidationError(_("Too many redirects."), code="redirects")
    except requests.RequestException as exc:
        raise ValidationError(_("The photo could not be downloaded (%(error)s).") % {"error": type(exc).__name__}, code="fetch") from exc
    finally:
        session.close()
