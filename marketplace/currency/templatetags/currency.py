"""``{% load currency %}`` then ``{{ amount_ron|approx:"EUR" }}`` → ``≈ 3.520 €`` (whole units, no rate: "").

A converted price is only ever an approximation at the latest stored reference rate; the price
itself stays in lei. The storefront's ``{% approx_price %}`` tag picks the buyer's currency.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from ..selectors import DISPLAY_CURRENCIES, convert

register = template.Library()


def format_approx(amount: Decimal, currency: str) -> str:
    whole = f"{amount.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,}".replace(",", ".")
    return f"≈ {whole}\u00a0{DISPLAY_CURRENCIES.get(currency, currency)}"


@register.filter(name="approx")
def approx_filter(value, currency: str = "EUR") -> str:
    try:
        converted = convert(value, currency)
    except (ArithmeticError, TypeError, ValueError):
        return ""
    return format_approx(converted, currency.upper()) if converted is not None else ""
