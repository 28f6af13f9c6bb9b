"""The buyer's display currency: a cookie, set from the switch under every storefront page."""

from decimal import Decimal, InvalidOperation

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from marketplace.currency.selectors import DISPLAY_CURRENCIES, convert_to_ron
from storefront.templatetags.display_currency import COOKIE

ONE_YEAR = 365 * 24 * 3600


@require_POST
def display_currency_view(request):
    """Remember EUR, USD or GBP (or lei only) for the "≈" beside prices; back where the buyer was."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    currency = request.POST.get("currency", "").upper()
    if currency in DISPLAY_CURRENCIES:
        response.set_cookie(COOKIE, currency, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure(), httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response


def prices_to_lei(data: dict) -> dict:
    """A catalogue query whose price bounds were typed in ``price_currency`` (EUR, USD, GBP): in lei.

    The filter form under a chosen display currency sends its bounds in that currency with
    ``price_currency``; the catalogue filters in lei, at the latest stored rate. Without a rate
    (none fetched yet) or with a bound that is not a number, the bound is dropped, never guessed.
    """
    currency = str(data.pop("price_currency", "")).upper()
    if currency not in DISPLAY_CURRENCIES:
        return data
    for name in ("price_min", "price_max"):
        if name not in data:
            continue
        try:
            amount = Decimal(str(data[name]).replace(",", "."))
        except InvalidOperation:
            amount = None
        lei = convert_to_ron(amount, currency) if amount is not None and amount.is_finite() and amount >= 0 else None
        if lei is None:
            data.pop(name)
        else:
            data[name] = f"{lei:.2f}"
    return data
