"""The buyer's display currency (a cookie): ``{% approx_price price %}`` and the switch in the footer.

Lei are always the price and the payment; a buyer who chose EUR, USD or GBP sees
``≈ 3.520 €`` beside it. No choice (the default) costs nothing: no query, no output.
"""

from django import template
from django.utils.html import format_html

from marketplace.currency.selectors import DISPLAY_CURRENCIES
from marketplace.currency.templatetags.currency import approx_filter

register = template.Library()

COOKIE = "display_currency"


def chosen_currency(request) -> str:
    value = (getattr(request, "COOKIES", {}) or {}).get(COOKIE, "").upper()
    return value if value in DISPLAY_CURRENCIES else ""


@register.simple_tag(takes_context=True)
def approx_price(context, amount) -> str:
    currency = chosen_currency(context.get("request"))
    text = approx_filter(amount, currency) if currency else ""
    return format_html('<span class="price-approx" data-approx="{}">{}</span>', currency, text) if text else ""


@register.inclusion_tag("pwa/_currency_switch.html", takes_context=True)
def currency_switch(context):
    request = context.get("request")
    return {
        "chosen": chosen_currency(request),
        "currencies": list(DISPLAY_CURRENCIES),
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def display_currency(context) -> str:
    """``{% display_currency as code %}``: the buyer's chosen currency, "" for lei only."""
    return chosen_currency(context.get("request"))
