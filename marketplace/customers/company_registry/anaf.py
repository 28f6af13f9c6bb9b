"""ANAF's public taxpayer registry, REST v9 ("PlatitorTvaRest"), no authentication.

Documented by ANAF ("Serviciul web pentru verificarea contribuabililor", v9):
``POST https://webservicesp.anaf.ro/api/PlatitorTvaRest/v9/tva`` with a JSON list of at most 100
``{"cui": <int>, "data": "YYYY-MM-DD"}``; the answer is
``{"cod": 200, "message": "SUCCESS", "found": [...], "notFound": [...]}``. A found entry holds
``date_generale`` (``denumire``, ``adresa``, ``nrRegCom``, ``codPostal``, ``stare_inregistrare``),
``inregistrare_scop_Tva.scpTVA`` (VAT payer), ``stare_inactiv.statusInactivi`` and the structured
``adresa_sediu_social`` (keys prefixed ``s``: ``sdenumire_Strada``, ``snumar_Strada``,
``sdenumire_Localitate``, ``sdenumire_Judet``, ``sdetalii_Adresa``, ``scod_Postal``). ANAF asks
callers to stay at one request a second; answers are cached (``company_lookup``), and the checkout
never waits longer than ``COMPANY_REGISTRY_TIMEOUT`` seconds.

Why not ``anafpy`` (its ``anafpy.public.PublicClient.lookup_taxpayers`` calls this endpoint): it is
async only (httpx2) and brings eleven dependencies (keyring, cyclopts, xsdata-pydantic, pyjwt,
tenacity…) for one POST and a handful of fields — the same reasoning as the BNR rates reader in
``marketplace/currency/sources.py``.
"""

import logging

import requests
from django.conf import settings
from django.utils import timezone

from marketplace.common.counties import county_from_registry

from .base import CompanyRecord, CompanyRegistry, RegistryUnavailable

log = logging.getLogger(__name__)

URL = "https://webservicesp.anaf.ro/api/PlatitorTvaRest/v9/tva"
MAX_BYTES = 256 * 1024


def _text(value) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _title(value: str) -> str:
    """ANAF writes names of places in capitals ("MUN. CLUJ-NAPOCA"); an address reads better in title case."""
    return value.title() if value.isupper() else value


def _city(locality: str) -> str:
    """"Mun. Cluj-Napoca" → "Cluj-Napoca", "Sector 3 Mun. Bucureşti" → "București, Sector 3"."""
    text = _title(locality)
    lowered = text.lower()
    if "bucure" in lowered:
        sector = next((w for w in text.replace(".", " ").split() if w.isdigit()), "")
        return f"București, Sector {sector}" if sector else "București"
    for prefix in ("Mun. ", "Municipiul ", "Oraş ", "Oraș ", "Oras ", "Com. ", "Comuna ", "Sat "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _street(office: dict) -> str:
    street, number = _text(office.get("sdenumire_Strada")), _text(office.get("snumar_Strada"))
    details = _text(office.get("sdetalii_Adresa"))
    line = " ".join(p for p in (_title(street), f"nr. {number}" if number else "") if p)
    return ", ".join(p for p in (line, details) if p)


def parse_record(entry: dict, cui: str) -> CompanyRecord:
    """One ``found`` entry → a ``CompanyRecord``; the structured registered office when given, else the
    one-line ``adresa`` of ``date_generale``."""
    general = entry.get("date_generale") or {}
    vat = entry.get("inregistrare_scop_Tva") or {}
    inactive = entry.get("stare_inactiv") or {}
    office = entry.get("adresa_sediu_social") or {}
    name = _text(general.get("denumire"))
    if not name:
        raise RegistryUnavailable("a found entry without a name")
    vat_payer = bool(vat.get("scpTVA"))
    address = _street(office) or _text(general.get("adresa"))
    return CompanyRecord(
        vat_number=f"RO{cui}" if vat_payer else cui,
        name=name,
        registration_number=_text(general.get("nrRegCom")),
        address=address,
        city=_city(_text(office.get("sdenumire_Localitate"))),
        county=county_from_registry(_text(office.get("sdenumire_Judet"))),
        postal_code=_text(office.get("scod_Postal")) or _text(general.get("codPostal")),
        vat_payer=vat_payer,
        inactive=bool(inactive.get("statusInactivi")),
    )


def parse_response(body: dict, cui: str) -> CompanyRecord | None:
    if not isinstance(body, dict) or str(body.get("cod", 200)) != "200":
        raise RegistryUnavailable(f"registry error: {str(body)[:200]}")
    found = body.get("found")
    if not isinstance(found, list):
        raise RegistryUnavailable("no 'found' list in the answer")
    for entry in found:
        general = (entry or {}).get("date_generale") or {}
        if str(general.get("cui", "")) == cui:
            return parse_record(entry, cui)
    return None


class AnafRegistry(CompanyRegistry):
    name = "anaf"

    def __init__(self, *, timeout: float | None = None, session: requests.Session | None = None):
        self.timeout = timeout if timeout is not None else settings.COMPANY_REGISTRY_TIMEOUT
        self.session = session

    def lookup(self, cui: str) -> CompanyRecord | None:
        payload = [{"cui": int(cui), "data": timezone.localdate().isoformat()}]
        http = self.session or requests
        try:
            response = http.post(
                URL, json=payload, timeout=(self.timeout, self.timeout),
                headers={"Accept": "application/json", "User-Agent": "SNOBISTIC/1"},
            )
        except requests.RequestException as exc:
            log.info("ANAF registry did not answer for %s: %s", cui, type(exc).__name__)
            raise RegistryUnavailable(type(exc).__name__) from exc
        if response.status_code != 200:
            raise RegistryUnavailable(f"HTTP {response.status_code}")
        if len(response.content) > MAX_BYTES:
            raise RegistryUnavailable("answer too large")
        try:
            body = response.json()
        except ValueError as exc:  # ANAF's firewall answers an HTML page when it refuses
            raise RegistryUnavailable("not JSON") from exc
        return parse_response(body, cui)
