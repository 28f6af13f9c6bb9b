"""``{% load money %}`` then ``{{ price|money }}`` → ``17.586,00 lei`` (``|money:"number"`` → ``17.586,00``).

The one template filter for prices; it writes what ``marketplace.common.money.format_money`` writes.
"""

from django import template

from marketplace.common.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value, arg=""):
    try:
        return format_money(value, unit=arg != "number")
    except (ArithmeticError, TypeError, ValueError):
        return value
