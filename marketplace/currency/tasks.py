"""django-q2 jobs of exchange rates."""

from .services import exchange_rates_fetch


def fetch_exchange_rates() -> str:
    """The seed's job (config/schedules.py, banking days 14:15): store today's BNR rates, else the ECB's.

    Both sources failing raises ``ExchangeRatesUnavailable``: django-q2 records the failure with
    both reasons (staff see it under failed jobs) and no rate is stored or made up.
    """
    result = exchange_rates_fetch()
    note = f" (BNR failed: {result.bnr_error})" if result.bnr_error else ""
    return f"{result.count} rates of {result.date} from {result.source}{note}"
