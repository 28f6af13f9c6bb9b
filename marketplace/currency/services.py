"""Writes on exchange rates: fetch the day's reference rates and store them (BNR, else the ECB)."""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from . import sources
from .models import ExchangeRate

logger = logging.getLogger(__name__)

LATEST_CACHE_KEY = "currency:latest"


class ExchangeRatesUnavailable(Exception):
    """Neither BNR nor the ECB gave a readable document: nothing was stored (no made-up rate)."""


@dataclass(frozen=True)
class RatesFetched:
    date: object
    source: str
    count: int
    bnr_error: str = ""


@transaction.atomic
def exchange_rates_store(*, date, rates: dict, source: str) -> int:
    """Write one day's rates (a second fetch of the same day updates them). Returns how many."""
    for currency, rate in rates.items():
        ExchangeRate.objects.update_or_create(
            date=date, currency=currency, defaults={"rate_to_ron": round(rate, 6), "source": source}
        )
    transaction.on_commit(lambda: cache.delete(LATEST_CACHE_KEY))
    return len(rates)


def exchange_rates_fetch() -> RatesFetched:
    """Read BNR's daily rates; if BNR fails, the ECB's (through the euro). Both failing raises."""
    try:
        date, rates = sources.bnr_rates()
        return RatesFetched(date, ExchangeRate.Source.BNR, exchange_rates_store(date=date, rates=rates, source="bnr"))
    except sources.RatesUnreadable as exc:
        bnr_error = str(exc)
        logger.warning("BNR rates unavailable, trying the ECB: %s", bnr_error)
    try:
        date, rates = sources.ecb_rates()
    except sources.RatesUnreadable as exc:
        raise ExchangeRatesUnavailable(f"BNR: {bnr_error}; ECB: {exc}") from exc
    count = exchange_rates_store(date=date, rates=rates, source="ecb")
    return RatesFetched(date, ExchangeRate.Source.ECB, count, bnr_error)
