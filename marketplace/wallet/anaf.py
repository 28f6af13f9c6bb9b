"""Uploading e-Factura XML to ANAF: a provider interface, ANAF's REST API, and an offline default.

``AnafEFacturaProvider`` speaks ANAF's documented e-Factura web services (OAuth 2.0, the
``FCTEL/rest`` API, environment ``test`` or ``prod``):

* token: ``POST https://logincert.anaf.ro/anaf-oauth2/v1/token`` with HTTP Basic (client id and
  secret of the application registered in ANAF's portal) and ``grant_type=refresh_token``,
  ``refresh_token=…``, ``token_content_type=jwt``; the answer is JSON ``{"access_token",
  "refresh_token", "expires_in", …}`` or ``{"error", "error_description"}``. The refresh token is the
  one obtained once, with the company's qualified certificate, through the authorisation-code flow
  (``/anaf-oauth2/v1/authorize``); the access token is kept in the cache until shortly before it expires.
* upload: ``POST https://api.anaf.ro/<env>/FCTEL/rest/upload?standard=UBL&cif=<seller CUI digits>``
  (``uploadb2c`` for a buyer without a fiscal code), the XML as the body, ``Authorization: Bearer``;
  the answer is an XML ``<header … ExecutionStatus="0" index_incarcare="…"/>``, or
  ``ExecutionStatus="1"`` with ``<Errors errorMessage="…"/>`` when ANAF refused the document.
* status: ``GET …/stareMesaj?id_incarcare=<index>``: ``<header stare="ok" id_descarcare="…"/>``,
  ``stare="nok"`` (refused after processing, the errors are in the download), ``stare="in prelucrare"``
  (still processing), ``stare="XML cu erori nepreluat de sistem"``; ``<Errors errorMessage=…>`` without
  ``stare`` is a failed query (unknown index, no rights, daily limit), not the invoice's fate.

It is on when ``EFACTURA_PROVIDER=anaf`` and the client id, secret and refresh token are set.
``OfflineEFacturaProvider`` (the default) sends nothing and says so: the XML stays stored with the
invoice, marked "not sent — no ANAF credentials". Nothing pretends to reach ANAF.
"""

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

TOKEN_URL = "https://logincert.anaf.ro/anaf-oauth2/v1/token"
API_URL = "https://api.anaf.ro/{environment}/FCTEL/rest"
TOKEN_CACHE_KEY = "wallet:anaf:access_token"


class EFacturaUnavailable(Exception):
    """ANAF did not answer usefully (timeout, connection, 5xx, a page that is not XML): try again later."""


class EFacturaAuthError(Exception):
    """ANAF refused our credentials (the refresh token expired or was revoked): staff must renew them."""


@dataclass(frozen=True)
class UploadAnswer:
    sent: bool  # False: nothing left this machine
    upload_id: str = ""
    errors: list[str] = field(default_factory=list)
    raw: str = ""

    @property
    def accepted(self) -> bool:
        return self.sent and bool(self.upload_id)


@dataclass(frozen=True)
class StatusAnswer:
    state: str  # "ok", "nok", "in prelucrare", "XML cu erori nepreluat de sistem"
    download_id: str = ""
    errors: list[str] = field(default_factory=list)
    raw: str = ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _header(body: bytes, operation: str) -> ET.Element:
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise EFacturaUnavailable(f"ANAF {operation}: the answer declares a DTD or entities, refused")
    try:
        return ET.fromstring(body)  # noqa: S314  (DTD/entities refused above; the answer is ANAF's, over TLS)
    except ET.ParseError as exc:
        raise EFacturaUnavailable(f"ANAF {operation}: the answer is not XML: {body[:200]!r}") from exc


def _errors(root: ET.Element) -> list[str]:
    return [child.get("errorMessage", "") for child in root.iter() if _local(child.tag) == "Errors" and child.get("errorMessage")]


def cif_digits(vat_number: str) -> str:
    """"RO18547290" → "18547290" (the ``cif`` query parameter takes the digits)."""
    return re.sub(r"\D", "", vat_number or "")


class OfflineEFacturaProvider:
    """No ANAF credentials here: nothing is sent, and the invoice says so."""

    name = "offline"

    def upload(self, *, xml: str, cif: str, b2c: bool = False) -> UploadAnswer:
        logger.info("e-Factura offline: XML for CIF %s kept, not sent (no ANAF credentials)", cif)
        return UploadAnswer(sent=False)

    def status(self, *, upload_id: str) -> StatusAnswer:
        raise EFacturaUnavailable("offline: nothing was uploaded, there is no status to ask for")


class AnafEFacturaProvider:
    name = "anaf"
    timeout = (5, 30)

    def __init__(self, *, client_id: str, client_secret: str, refresh_token: str, environment: str = "prod", session=None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.base = API_URL.format(environment="test" if environment == "test" else "prod")
        self.session = session or requests.Session()

    def access_token(self) -> str:
        token = cache.get(TOKEN_CACHE_KEY)
        if token:
            return token
        try:
            response = self.session.post(
                TOKEN_URL, auth=(self.client_id, self.client_secret), timeout=self.timeout,
                headers={"Accept": "application/json"},
                data={"grant_type": "refresh_token", "refresh_token": self.refresh_token, "token_content_type": "jwt"},
            )
        except requests.RequestException as exc:
            raise EFacturaUnavailable(f"ANAF token: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise EFacturaUnavailable(f"ANAF token: HTTP {response.status_code}")
        try:
            payload = response.json()
        except ValueError as exc:
            raise EFacturaUnavailable(f"ANAF token: the answer is not JSON (HTTP {response.status_code})") from exc
        if response.status_code != 200 or not payload.get("access_token"):
            detail = payload.get("error_description") or payload.get("error") or f"HTTP {response.status_code}"
            raise EFacturaAuthError(f"ANAF refused the refresh token: {detail}")
        lifetime = int(payload.get("expires_in") or 3600)
        cache.set(TOKEN_CACHE_KEY, payload["access_token"], max(lifetime - 300, 60))
        return payload["access_token"]

    def _call(self, method: str, path: str, operation: str, **kwargs) -> bytes:
        headers = {"Authorization": f"Bearer {self.access_token()}", **kwargs.pop("headers", {})}
        try:
            response = self.session.request(method, f"{self.base}/{path}", headers=headers, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise EFacturaUnavailable(f"ANAF {operation}: {type(exc).__name__}") from exc
        if response.status_code in (401, 403):
            cache.delete(TOKEN_CACHE_KEY)
            raise EFacturaAuthError(f"ANAF {operation}: HTTP {response.status_code}")
        if response.status_code != 200:
            raise EFacturaUnavailable(f"ANAF {operation}: HTTP {response.status_code}: {response.text[:200]}")
        return response.content

    def upload(self, *, xml: str, cif: str, b2c: bool = False) -> UploadAnswer:
        body = self._call(
            "POST", "uploadb2c" if b2c else "upload", "upload", params={"standard": "UBL", "cif": cif_digits(cif)},
            data=xml.encode("utf-8"), headers={"Content-Type": "text/plain"},
        )
        root = _header(body, "upload")
        upload_id = root.get("index_incarcare") or ""
        errors = _errors(root)
        if not upload_id and not errors:
            errors = [f"unrecognised answer: {body[:200].decode('utf-8', 'replace')}"]
        return UploadAnswer(sent=True, upload_id=upload_id, errors=errors, raw=body.decode("utf-8", "replace"))

    def status(self, *, upload_id: str) -> StatusAnswer:
        body = self._call("GET", "stareMesaj", "status", params={"id_incarcare": upload_id})
        root = _header(body, "status")
        state = (root.get("stare") or "").strip()
        errors = _errors(root)
        if not state:
            raise EFacturaUnavailable("ANAF status: " + ("; ".join(errors) or body[:200].decode("utf-8", "replace")))
        return StatusAnswer(state=state, download_id=root.get("id_descarcare") or "", errors=errors, raw=body.decode("utf-8", "replace"))


def efactura_provider(session=None):
    """ANAF when chosen and configured; otherwise the offline provider (development, tests, no credentials)."""
    if (
        settings.EFACTURA_PROVIDER == "anaf"
        and settings.ANAF_CLIENT_ID and settings.ANAF_CLIENT_SECRET
        and settings.ANAF_REFRESH_TOKEN
    ):
        return AnafEFacturaProvider(
            client_id=settings.ANAF_CLIENT_ID, client_secret=settings.ANAF_CLIENT_SECRET,
            refresh_token=settings.ANAF_REFRESH_TOKEN, environment=settings.ANAF_ENVIRONMENT,
            session=session,
        )
    return OfflineEFacturaProvider()
