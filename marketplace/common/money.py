"""Money is Decimal in lei (RON), rounded once, half up, to the ban."""

from decimal import ROUND_HALF_UP, Decimal

CURRENCY = "RON"
CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """Round an amount to two decimals, half up (``money("1.005") == Decimal("1.01")``)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
