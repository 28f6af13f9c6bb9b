"""What a buyer needs beside a piece before paying: the condition scale, the size in every system with the
measurements, delivery (price per method, an estimate), the return window, the authenticity promise, the seller.

Everything comes from the data and the platform settings (``platform_settings()``): the shipping deadline,
the return window, the platform's and the shop's shipping prices, and two key/value settings staff may set —
``delivery_transit_days`` (the courier's days after hand-over) and ``authenticity_promise`` (the promise's text,
one string or ``{"ro": ..., "en": ...}``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.administration.selectors import platform_settings
from marketplace.common.money import format_money
from marketplace.orders.models import DeliveryMethod
from marketplace.orders.selectors import shipping_prices
from marketplace.products.dimensions import dimension_label
from marketplace.products.models import ConditionGrade, Size
from marketplace.reviews.selectors import seller_card

DEFAULT_TRANSIT_DAYS = 2  # when staff have not set delivery_transit_days


@dataclass(frozen=True)
class Grade:
    name: str
    description: str
    current: bool


def _english() -> bool:
    return (get_language() or "ro").startswith("en")


def condition_scale(product) -> list[Grade]:
    """Every grade, best first, with what it means; the piece's own is marked (one query)."""
    english = _english()
    return [
        Grade(
            name=grade.display_name,
            description=(grade.description_en if english and grade.description_en else grade.description),
            current=grade.pk == product.condition_id,
        )
        for grade in ConditionGrade.objects.order_by("rank")
    ]


def size_details(product) -> dict:
    """The size in each system (EU, IT, FR, US, UK) and the piece's measurements in centimetres."""
    systems = []
    if product.size_id:
        systems = [{"system": label, "value": product.size.label(code)} for code, label in Size.System.choices]
    measurements = [{"name": dimension_label(key), "value": value} for key, value in (product.dimensions or {}).items()]
    for row in product.custom_dimensions or []:
        if isinstance(row, dict) and row.get("name") and row.get("value") not in (None, ""):
            measurements.append({"name": str(row["name"]), "value": row["value"]})
    return {"systems": systems, "measurements": measurements}


def _transit_days(config) -> int:
    try:
        days = int(config.get("delivery_transit_days", DEFAULT_TRANSIT_DAYS))
    except (TypeError, ValueError):
        days = DEFAULT_TRANSIT_DAYS
    return max(0, min(days, 30))


def delivery_details(product, *, today: date | None = None) -> dict:
    """Shipping price per method (the shop's own prices win), the delivery estimate and the return window."""
    config = platform_settings()
    today = today or timezone.localdate()
    transit = _transit_days(config)
    prices = shipping_prices(product.vendor)
    methods = [
        {"method": method, "label": str(label), "price": prices[method], "price_display": format_money(prices[method], unit=False)}
        for method, label in DeliveryMethod.choices if method in prices
    ]
    # "Delivery from": the cheapest way to have it brought (personal pick-up is not a delivery).
    cheapest = min((m["price"] for m in methods if m["method"] != DeliveryMethod.PICKUP), default=None)
    return {
        "methods": methods,
        "cheapest": None if cheapest is None else format_money(cheapest, unit=False),
        "shipping_days": config.shipping_days,
        "earliest": today + timedelta(days=1 + transit),
        "latest": today + timedelta(days=config.shipping_days + transit),
        "return_days": config.return_days,
    }


def authenticity_promise(*, certified: bool) -> str:
    """The promise as staff wrote it in the settings, else said from the settings' own figures."""
    config = platform_settings()
    text = config.get("authenticity_promise")
    if isinstance(text, dict):
        text = text.get("en" if _english() else "ro") or text.get("ro") or ""
    if isinstance(text, str) and text.strip():
        return text.strip()
    promise = _("Our team checks every piece before it is published.")
    if certified:
        promise += " " + _("This one also has a signed authenticity certificate.")
    if config.return_days:
        promise += " " + _("If it is not what the listing says, send it back within %(days)s days of delivery and get your money back.") % {
            "days": config.return_days
        }
    return promise


def product_page_extras(product) -> dict:
    return {
        "grades": condition_scale(product),
        "size_info": size_details(product),
        "delivery": delivery_details(product),
        "promise": authenticity_promise(certified=bool(getattr(product, "is_certified", False))),
        "seller": seller_card(vendor=product.vendor),
    }
