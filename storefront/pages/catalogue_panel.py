"""The catalogue's filter panel, shared by the product list (/products/) and a shop's page (/shops/<slug>/).

One place says what a buyer sees above the pieces: how many there are, the active filters as chips that
each remove one filter, the subcategories of the chosen category only, and — when nothing matches — the
changes that would bring pieces back. Both pages include ``pwa/_catalogue_panel.html`` and
``pwa/_catalogue_results.html`` with what ``catalogue_panel`` returns.

The count is ``catalogue_count.catalogue_count``: one bounded query (it stops past ``COUNT_CAP``), kept with the
page's public rows (``doors.catalogue_cache.public_rows``: 15 s, dropped when a listing changes).
"""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from doors import catalogue_cache as page_cache
from marketplace.customers import catalogue, catalogue_count
from marketplace.products.models import Colour, ProductType, Size

from ..api.catalog import filters_from
from ..api.schemas import CatalogueQuery

# The query-string keys of the filters, in the order their chips are shown; each removes these keys.
FILTER_KEYS = {
    "q": ("q",),
    "category": ("category", "subcategory"),  # a subcategory belongs to its category: it goes with it
    "subcategory": ("subcategory",),
    "brand": ("brand",),
    "type": ("type",),
    "condition": ("condition",),
    "colour": ("colour",),
    "size": ("size",),
    "price_min": ("price_min",),
    "price_max": ("price_max",),
    "authenticated": ("authenticated",),
    "my_sizes": ("my_sizes",),
}
# Never carried into a chip's or a suggestion's link: the page of results, the shop page's page of reviews.
PAGE_KEYS = ("cursor", "reviews", "filtered")


def narrowed_query(query: CatalogueQuery, categories: list) -> tuple[CatalogueQuery, list]:
    """The query with a subcategory that belongs to its category, and the subcategories to offer.

    A subcategory alone brings its category with it (the panel then offers its siblings); one that is not a
    child of the chosen category is dropped rather than left to empty the list.
    """
    if not query.category and query.subcategory:
        for category in categories:
            if any(sub.slug == query.subcategory for sub in category.subcategories.all()):
                query = query.model_copy(update={"category": category.slug})
                break
    chosen = next((c for c in categories if c.slug == query.category), None)
    subcategories = list(chosen.subcategories.all()) if chosen is not None else []
    if query.subcategory and not any(sub.slug == query.subcategory for sub in subcategories):
        query = query.model_copy(update={"subcategory": None})
    return query, subcategories


def _link(base_url: str, params: QueryDict, *, without=()) -> str:
    kept = params.copy()
    for key in without:
        kept.pop(key, None)
    if not any(key in kept for key in FILTER_KEYS):
        kept.pop("price_currency", None)
    kept["filtered"] = "1"  # a signed-in buyer's "Only my sizes" is on by default: a removed one stays off
    return f"{base_url}?{kept.urlencode()}"


def _label(name: str, query: CatalogueQuery, facets: dict, subcategories: list, price_currency: str, request) -> str:
    def named(items, slug, attr="display_name"):
        return next((getattr(item, attr) for item in items if item.slug == slug), slug)

    value = getattr(query, name)
    if name == "q":
        return _("“%(words)s”") % {"words": value}
    if name == "category":
        return named(facets["categories"], value)
    if name == "subcategory":
        return named(subcategories, value)
    if name == "brand":
        return named(facets["brands"], value, "name")
    if name == "type":
        return str(ProductType(value).label)
    if name == "condition":
        return named(facets["conditions"], value)
    if name == "colour":
        return str(Colour(value).label)
    if name == "size":
        return _("Size %(size)s (%(system)s)") % {"size": value, "system": Size.System(query.size_system).label}
    if name in ("price_min", "price_max"):
        typed = request.GET.get(name, "") if price_currency else ""
        amount = f"{typed} {price_currency}" if typed else f"{value.normalize():f} lei"
        return (_("From %(amount)s") if name == "price_min" else _("Up to %(amount)s")) % {"amount": amount}
    if name == "authenticated":
        return _("Authenticated")
    return _("My sizes")


def render_catalogue(request, template: str, context: dict):
    """The page, or — for the panel's script (header ``X-Catalogue-Results``) — only its results part."""
    if request.headers.get("X-Catalogue-Results") == "1":
        response = render(request, "pwa/_catalogue_results.html", context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["X-Catalogue-Results"])
    return response


def catalogue_panel(request, *, query: CatalogueQuery, base_url: str, facets: dict, subcategories: list,
                    cards: list, fixed: tuple = ()) -> dict:
    """What the panel and the results show: count, chips, "clear all", suggestions for an empty list.

    ``fixed`` names filters the page itself sets (a shop page's ``vendor``): never a chip.
    """
    params = request.GET.copy()
    for key in (*PAGE_KEYS, *fixed):
        params.pop(key, None)
    price_currency = request.GET.get("price_currency", "").upper() if request.GET.get("price_currency") else ""
    active = [name for name in FILTER_KEYS if name not in fixed and getattr(query, name) not in (None, "", False)]
    chips = [
        {"name": name, "label": _label(name, query, facets, subcategories, price_currency, request),
         "url": _link(base_url, params, without=FILTER_KEYS[name])}
        for name in active
    ]
    clear_url = _link(base_url, params, without=[key for keys in FILTER_KEYS.values() for key in keys])
    saved_sizes = catalogue.saved_size_pairs(request.user) if query.my_sizes else ()
    filters = filters_from(query)
    try:
        count = page_cache.public_rows(
            f"count|{query.model_dump_json(exclude={'cursor', 'sort', 'limit'})}|{saved_sizes}",
            lambda: catalogue_count.catalogue_count(filters=filters, saved_sizes=saved_sizes),
        )
    except ValidationError:  # a lowest price above the highest: the page shows the whole catalogue
        count = page_cache.public_rows("count|all", lambda: catalogue_count.catalogue_count(filters=catalogue.CatalogueFilters()))
    suggestions = []
    if not cards and active:
        if "q" in active and len(active) > 1:
            suggestions.append({"label": _("Search “%(words)s” with no filter") % {"words": query.q},
                                "url": _link(base_url, params, without=[k for n in active if n != "q" for k in FILTER_KEYS[n]])})
        if "q" in active:
            suggestions.append({"label": _("Show these filters without the search “%(words)s”") % {"words": query.q}
                                if len(active) > 1 else _("Show every piece, without the search"),
                                "url": _link(base_url, params, without=("q",))})
        if "price_min" in active or "price_max" in active:
            suggestions.append({"label": _("Any price"), "url": _link(base_url, params, without=("price_min", "price_max"))})
        suggestions += [{"label": _("Without %(filter)s") % {"filter": chip["label"]}, "url": chip["url"]}
                        for chip in chips if chip["name"] not in ("q", "price_min", "price_max")]
    return {
        "count": min(count, catalogue_count.COUNT_CAP),
        "count_capped": count > catalogue_count.COUNT_CAP,
        "chips": chips,
        "filter_count": sum(1 for name in active if name != "q"),
        "clear_url": clear_url,
        "suggestions": suggestions,
        "subcategories": subcategories,
        "action": base_url,
        "facets": facets,
        "types": ProductType.choices,
        "colours": Colour.choices,
        "systems": Size.System.choices,
    }
