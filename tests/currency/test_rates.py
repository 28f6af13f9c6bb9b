"""Exchange rates: BNR's daily XML (recorded), the ECB's as fallback, nothing stored when both fail."""

from decimal import Decimal
from pathlib import Path

import pytest
import requests
import responses
from django.core.cache import cache
from django.template import Context, Template

from marketplace.common import fetch
from marketplace.currency import selectors, sources
from marketplace.currency.models import ExchangeRate
from marketplace.currency.services import ExchangeRatesUnavailable, exchange_rates_store
from marketplace.currency.tasks import fetch_exchange_rates

FIXTURES = Path(__file__).parent / "fixtures"
BNR = (FIXTURES / "nbrfxrates.xml").read_bytes()
ECB = (FIXTURES / "eurofxref-daily.xml").read_bytes()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch, settings):
    # fetch_url resolves the host before connecting; the recorded answers stand in for the banks.
    monkeypatch.setattr(fetch, "_resolve", lambda host: ["93.184.215.14"])
    settings.CURRENCY_BNR_URL = "https://www.bnr.ro/nbrfxrates.xml"
    settings.CURRENCY_ECB_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"


def test_parse_bnr_divides_the_multiplier_and_keeps_the_date():
    date, rates = sources.parse_bnr(BNR)
    assert str(date) == "2026-11-30"
    assert rates["EUR"] == Decimal("5.0912")
    assert rates["HUF"] == Decimal("0.013102")  # 1.3102 lei for 100 forints
    assert rates["GBP"] == Decimal("5.8331")


def test_parse_ecb_converts_through_the_euro():
    date, rates = sources.parse_ecb(ECB)
    assert str(date) == "2026-11-30"
    assert rates["EUR"] == Decimal("5.0910")
    assert round(rates["USD"], 4) == Decimal("4.4193")  # 5.0910 / 1.1520
    assert "RON" not in rates


@pytest.mark.parametrize("document", [
    b"<html>maintenance</html>",
    b"not xml",
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><DataSet><Body><Cube date="2026-11-30"><Rate currency="EUR">&a;</Rate></Cube></Body></DataSet>',
    b'<DataSet><Body><Cube date="2026-11-30"><Rate currency="EUR">-1</Rate></Cube></Body></DataSet>',
    b'<DataSet><Body><Cube date="2026-11-30"><Rate currency="USD">4.4</Rate></Cube></Body></DataSet>',
])
def test_unreadable_bnr_documents_are_refused(document):
    with pytest.raises(sources.RatesUnreadable):
        sources.parse_bnr(document)


@responses.activate
def test_job_stores_bnr_rates_and_a_second_run_updates_them():
    responses.get("https://www.bnr.ro/nbrfxrates.xml", body=BNR, content_type="text/xml")
    report = fetch_exchange_rates()
    assert report.startswith("10 rates of 2026-11-30 from bnr")
    assert ExchangeRate.objects.get(currency="EUR").rate_to_ron == Decimal("5.091200")
    assert set(ExchangeRate.objects.values_list("source", flat=True)) == {"bnr"}
    fetch_exchange_rates()
    assert ExchangeRate.objects.count() == 10
    assert len(responses.calls) == 2


@responses.activate
def test_bnr_failure_falls_back_to_the_ecb():
    responses.get("https://www.bnr.ro/nbrfxrates.xml", status=503)
    responses.get("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml", body=ECB, content_type="text/xml")
    report = fetch_exchange_rates()
    assert "from ecb" in report and "BNR failed" in report and "503" in report
    eur = ExchangeRate.objects.get(currency="EUR")
    assert (eur.source, eur.rate_to_ron) == ("ecb", Decimal("5.091000"))
    assert ExchangeRate.objects.get(currency="GBP").rate_to_ron == Decimal("5.831615")  # 5.0910 / 0.873


@responses.activate
def test_bnr_timeout_falls_back_to_the_ecb():
    responses.get("https://www.bnr.ro/nbrfxrates.xml", body=requests.exceptions.ReadTimeout("slow"))
    responses.get("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml", body=ECB)
    assert "from ecb" in fetch_exchange_rates()


@responses.activate
def test_both_sources_failing_stores_nothing_and_the_job_fails():
    responses.get("https://www.bnr.ro/nbrfxrates.xml", body=b"<html>maintenance</html>")
    responses.get("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml", status=500)
    with pytest.raises(ExchangeRatesUnavailable) as failure:
        fetch_exchange_rates()
    assert "BNR" in str(failure.value) and "ECB" in str(failure.value)
    assert not ExchangeRate.objects.exists()
    assert selectors.convert(Decimal("100"), "EUR") is None


def test_convert_uses_the_latest_stored_rate():
    exchange_rates_store(date="2026-11-27", rates={"EUR": Decimal("5.0")}, source="bnr")
    exchange_rates_store(date="2026-11-30", rates={"EUR": Decimal("5.1"), "USD": Decimal("4.4")}, source="bnr")
    cache.clear()
    assert selectors.convert(Decimal("17952"), "EUR") == Decimal("3520.00")
    assert selectors.convert(Decimal("44"), "usd") == Decimal("10.00")
    assert selectors.convert(Decimal("44"), "GBP") is None
    assert selectors.convert_to_ron(Decimal("100"), "EUR") == Decimal("510.00")


def test_a_new_fetch_replaces_the_cached_latest_rate(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exchange_rates_store(date="2026-11-27", rates={"EUR": Decimal("5.0")}, source="bnr")
    assert selectors.latest_rate("EUR") == Decimal("5.0")
    with django_capture_on_commit_callbacks(execute=True):
        exchange_rates_store(date="2026-11-30", rates={"EUR": Decimal("5.2")}, source="ecb")
    assert selectors.latest_rate("EUR") == Decimal("5.2")


def test_approx_filter_writes_whole_units_with_the_sign():
    exchange_rates_store(date="2026-11-30", rates={"EUR": Decimal("5.1"), "GBP": Decimal("5.8")}, source="bnr")
    cache.clear()
    html = Template('{% load currency %}{{ price|approx:"EUR" }}|{{ price|approx:"GBP" }}|{{ price|approx:"USD" }}').render(
        Context({"price": Decimal("17952.00")})
    )
    assert html == "≈ 3.520\u00a0€|≈ 3.095\u00a0£|"
