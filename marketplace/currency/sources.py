"""The two published reference-rate documents, read into ``{currency: lei for one unit}``.

BNR (National Bank of Romania) publishes ``nbrfxrates.xml`` every banking day after 13:00:
``DataSet/Body/Cube[@date]/Rate[@currency, @multiplier?]``, lei per ``multiplier`` units
(100 for HUF, JPY, KRW...). The ECB publishes ``eurofxref-daily.xml`` around 16:00 CET:
``Envelope/Cube/Cube[@time]/Cube[@currency, @rate]``, units per one euro; its RON line turns
every other currency into lei (lei per USD = RON per EUR / USD per EUR).

Why not ``anafpy`` (it has a BNR client, ``anafpy.bnr.BnrClient``): it is async (httpx2), pulls
in eleven dependencies for one 2 KB document (keyring, cyclopts, xsdata-pydantic, tenacity...),
and downloads with its own HTTP stack, not ``fetch_url`` (public hosts only, size cap,
timeouts). The format is small and documented, so it is read here with the standard library's
ElementTree; a document carrying a DTD or entities is refused before parsing (the XML bomb
defence ``defusedxml`` would give, which is not among the allowed packages), and
``fetch_url`` caps the size.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError

from marketplace.common.fetch import fetch_url

MAX_BYTES = 512 * 1024
TIMEOUT = (5.0, 20.0)
_CODE = re.compile(r"^[A-Z]{3}$")


class RatesUnreadable(Exception):
    """A source answered with something that is not its rate document (or did not answer)."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(data: bytes) -> ElementTree.Element:
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise RatesUnreadable("the document declares a DTD or entities")
    try:
        return ElementTree.fromstring(data)  # noqa: S314  (DTD/entities refused above, size capped by fetch_url)
    except ElementTree.ParseError as exc:
        raise RatesUnreadable(f"not XML: {exc}") from exc


def _decimal(text: str | None) -> Decimal:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation as exc:
        raise RatesUnreadable(f"not a number: {text!r}") from exc
    if not value.is_finite() or value <= 0:
        raise RatesUnreadable(f"not a positive number: {text!r}")
    return value


def _date(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError as exc:
        raise RatesUnreadable(f"not a date: {text!r}") from exc


def parse_bnr(data: bytes) -> tuple[dt.date, dict[str, Decimal]]:
    """BNR's document → (the fixing's date, lei for one unit of each currency)."""
    root = _parse(data)
    if _local(root.tag) != "DataSet":
        raise RatesUnreadable("no DataSet")
    body = next((child for child in root if _local(child.tag) == "Body"), None)
    cubes = [child for child in (body if body is not None else []) if _local(child.tag) == "Cube"]
    if not cubes:
        raise RatesUnreadable("no Body/Cube")
    cube = max(cubes, key=lambda c: c.get("date", ""))  # the daily file has one; the 10-day file several
    rates = {}
    for rate in cube:
        code = (rate.get("currency") or "").upper()
        if _local(rate.tag) != "Rate" or not _CODE.match(code):
            continue
        multiplier = _decimal(rate.get("multiplier") or "1")
        rates[code] = _decimal(rate.text) / multiplier
    if "EUR" not in rates:
        raise RatesUnreadable("no EUR rate")
    return _date(cube.get("date")), rates


def parse_ecb(data: bytes) -> tuple[dt.date, dict[str, Decimal]]:
    """The ECB's daily document → (its date, lei for one unit of each currency, through the euro)."""
    root = _parse(data)
    day = next((el for el in root.iter() if _local(el.tag) == "Cube" and el.get("time")), None)
    if day is None:
        raise RatesUnreadable("no Cube[@time]")
    per_euro = {}
    for line in day:
        code = (line.get("currency") or "").upper()
        if _local(line.tag) == "Cube" and _CODE.match(code):
            per_euro[code] = _decimal(line.get("rate"))
    ron_per_euro = per_euro.pop("RON", None)
    if ron_per_euro is None:
        raise RatesUnreadable("no RON rate")
    rates = {code: ron_per_euro / units for code, units in per_euro.items()}
    rates["EUR"] = ron_per_euro
    return _date(day.get("time")), rates


def _download(url: str) -> bytes:
    try:
        return fetch_url(url, max_bytes=MAX_BYTES, timeout=TIMEOUT, user_agent="SNOBISTIC-rates/1").read()
    except ValidationError as exc:
        raise RatesUnreadable(f"{url}: {'; '.join(exc.messages)}") from exc


def bnr_rates() -> tuple[dt.date, dict[str, Decimal]]:
    return parse_bnr(_download(settings.CURRENCY_BNR_URL))


def ecb_rates() -> tuple[dt.date, dict[str, Decimal]]:
    return parse_ecb(_download(settings.CURRENCY_ECB_URL))
