"""Reads on exchange rates: the latest rate of a currency and approximate conversions.

Prices are set and paid in lei; a converted amount is only ever shown as "≈" (an approximation
at the latest stored reference rate).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Max

from .models import ExchangeRate
from .services import LATEST_CACHE_KEY

# The currencies a buyer may see prices in (besides lei), with their signs.
DISPLAY_CURRENCIES = {"EUR": "€", "USD": "$", "GBP": "£"}


def latest_rates() -> dict[str, Decimal]:
    """Lei for one unit of each display currency, from the latest day stored for it (cached)."""
    rates = cache.get(LATEST_CACHE_KEY)
    if rates is None:
        latest = (
            ExchangeRate.objects.filter(currency__in=DISPLAY_CURRENCIES)
            .values("currency").annotate(last=Max("date"))
        )
        wanted = {(row["currency"], row["last"]) for row in latest}
        rows = ExchangeRate.objects.filter(currency__in=DISPLAY_CURRENCIES, date__in={d for _c, d in wanted})
        rates = {r.currency: r.rate_to_ron for r in rows if (r.currency, r.date) in wanted}
        cache.set(LATEST_CACHE_KEY, rates, 3600)
    return rates


def latest_rate(currency: str) -> Decimal | None:
    return latest_rates().get(currency.upper())


def convert(amount_ron, currency: str) -> Decimal | None:
    """``amount_ron`` lei in ``currency`` at the latest stored rate, to the cent; None with no rate."""
    rate = latest_rate(currency)
    if rate is None or amount_ron is None:
        return None
    return (Decimal(amount_ron) / rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def convert_to_ron(amount, currency: str) -> Decimal | None:
    """``amount`` of ``currency`` in lei (a price filter typed in euro); None with no rate."""
    rate = latest_rate(currency)
    if rate is None or amount is None:
        return None
    return (Decimal(amount) * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rate_history(*, currency: str | None = None):
    rows = ExchangeRate.objects.all()
    return rows.filter(currency=currency.upper()) if currency else rows
