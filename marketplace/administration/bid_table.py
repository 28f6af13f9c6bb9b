"""The bid-increment table as a platform setting stores it: its default and its one parser.

Pure functions (no query). The table is edited with the platform settings, so the layer that
stores it (administration) validates it with this parser; the auction rules reach the same parser
through ``marketplace.auctions.increments`` (auctions sit above administration and may import it;
the other way round would be a lower layer importing a higher one).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.common.money import MoneyFormatError, parse_money

# Bid increments by price band, in lei: [from amount, increment]. The first band starts at 0.
DEFAULT_BID_INCREMENTS = [["0", "5"], ["100", "10"], ["500", "25"], ["1000", "50"], ["5000", "100"], ["10000", "250"]]


def parse_bid_increments(value) -> tuple[tuple[Decimal, Decimal], ...]:
    """The table as ((from, increment), ...) in Decimal; ValidationError when it is malformed."""
    invalid = ValidationError(
        _("Give rows of [from amount, increment]; the first starts at 0, amounts rise, increments are positive."),
        code="invalid",
    )
    if not isinstance(value, list) or not value:
        raise invalid
    rows = []
    for row in value:
        if not isinstance(row, list | tuple) or len(row) != 2 or any(isinstance(v, bool | float) for v in row):
            raise invalid
        try:  # the one money parser: "1.000,50", "1000.50"; not "1e3" nor other digits
            start, step = (parse_money(v) for v in row)
        except MoneyFormatError as exc:
            raise invalid from exc
        if step <= 0:
            raise invalid
        rows.append((start, step))
    if rows[0][0] != 0 or any(b[0] <= a[0] for a, b in zip(rows, rows[1:], strict=False)):
        raise invalid
    return tuple(rows)
