"""Money is Decimal in lei (RON), rounded once, half up, to the ban.

Typed amounts — a bid, a price in the listing wizard, a price column of an import, an amount in the
platform settings, a price filter — are read by one parser, ``parse_money``: plain decimal notation
in ASCII digits only, the way people in Romania write it:

    1234   1234,50   1234.50   1.234,50   1 234,50   (optionally followed by "lei" or "RON")

Everything else is refused: exponents ("1e3", "8.05e3"), other digits ("١٢٣٤٥", which ``Decimal``
would read as 12345), signs, "NaN"/"Infinity", more than two decimals, "1,234" (thousands or
decimals?), "1.234" (the same question). The doors use it through ``doors.money``: ``MoneyField``
(Django forms) and ``MoneyInput`` (ninja / pydantic schemas); services that take a raw amount call
``parse_money`` themselves.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CURRENCY = "RON"
CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """Round an amount to two decimals, half up (``money("1.005") == Decimal("1.01")``)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value, *, unit: bool = True) -> str:
    """How every price is written, in both languages, on every page, e-mail and PDF: ``17.586,00 lei``.

    Points group the thousands, a comma marks the bani, always two decimals, rounded half up;
    ``unit=False`` leaves out " lei" where the sentence around it already says it. ``None`` and
    empty values are "—".
    """
    if value is None or value == "":
        return "—"
    amount = money(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{'.'.join(groups)},{cents}"
    return f"{text} lei" if unit else text


_GROUP_SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space (what spreadsheets write)
_PATTERNS = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        r"(?P<whole>[0-9]+)(?:[.,](?P<cents>[0-9]{1,2}))?",  # 1234 / 1234,5 / 1234.50
        # 1.234,50: points group thousands only before a decimal comma ("1.234" alone could be
        # either 1 234 or 1,234 lei: refused rather than guessed)
        r"(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+),(?P<cents>[0-9]{1,2})",
        rf"(?P<whole>[0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}})+)(?:[.,](?P<cents>[0-9]{{1,2}}))?",  # 1 234,50
    )
)
_CURRENCY_SUFFIX = re.compile(r"\s*(?:lei|ron)\s*\Z", re.IGNORECASE)


class MoneyFormatError(ValueError):
    """The text is not an amount in lei written in plain decimal notation."""


def parse_money(text, *, max_digits: int = 12, decimal_places: int = 2) -> Decimal:
    """The amount ``text`` writes, as a Decimal with two decimals; ``MoneyFormatError`` otherwise.

    Never negative (no sign is accepted); the caller checks the bounds that apply (> 0, a maximum).
    ``max_digits``/``decimal_places`` are the column's: at most ``max_digits - decimal_places``
    digits before the decimal mark.
    """
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        text = str(text)  # a number we made ourselves (tests, services): the same rules apply
    if not isinstance(text, str):
        raise MoneyFormatError(text)
    cleaned = _CURRENCY_SUFFIX.sub("", text.strip())
    for pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match:
            break
    else:
        raise MoneyFormatError(text)
    whole = re.sub(r"[^0-9]", "", match["whole"], flags=re.ASCII).lstrip("0") or "0"
    cents = match["cents"] or ""
    if len(whole) > max_digits - decimal_places or len(cents) > decimal_places:
        raise MoneyFormatError(text)
    return Decimal(f"{whole}.{cents or '0'}").quantize(CENT)


# --- The message every door shows for an amount parse_money refuses (doors/money.py: form field, API type) ---
def money_error_message() -> str:
    return _("Enter an amount in lei, e.g. 1.234,50 or 1234.50.")
