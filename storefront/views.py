"""Storefront pages: server-rendered for the first paint and search engines, then enhanced by ES modules.

The pages read through the same selectors as the API (``marketplace.customers.catalogue``);
their forms post to the same services, so every page works without JavaScript too.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from pydantic import ValidationError as PydanticValidationError

from marketplace.customers import catalogue, selectors, services
from marketplace.products.models import Category, Size, StoreProduct
from marketplace.products.selectors import store_product_for_preview

from .api.catalog import filters_from
from .api.schemas import MAX_ID, CatalogueQuery
from .pages.catalogue_panel import catalogue_panel, narrowed_query, render_catalogue
from .pages.currency import prices_to_lei
from .pages.product import product_page_extras
from .presenters import product_card, product_detail

# Files every page needs: cached when the service worker installs (the app shell).
SHELL_STATIC = [
    "css/base.css",
    "pwa/css/store.css",
    "pwa/js/app.js",
    "pwa/js/catalog.js",
    "pwa/js/product.js",
    "pwa/icons/icon-192.png",
    "images/logo.svg",
]


def _posted_id(request, name: str) -> int:
    """An id from a posted form; anything that is not a key the database can hold reads as 0 (then a 404).

    ASCII digits only ("²".isdigit() is true, and int("²") fails), at most 2**63 - 1.
    """
    value = request.POST.get(name, "")
    number = int(value) if value.isascii() and value.isdigit() else 0
    return number if number <= MAX_ID else 0


def _catalogue_query(request) -> tuple[CatalogueQuery, bool]:
    """The list filters from the query string; invalid ones are dropped rather than refused."""
    data = prices_to_lei({key: value for key, value in request.GET.items() if value != ""})
    if request.user.is_authenticated and "my_sizes" not in data and "filtered" not in data:
        data["my_sizes"] = "true"
    try:
        return CatalogueQuery.model_validate(data), False
    except PydanticValidationError as exc:
        bad = {error["loc"][0] for error in exc.errors() if error.get("loc")}
        return CatalogueQuery.model_validate({k: v for k, v in data.items() if k not in bad}), True


def _page(request, query: CatalogueQuery):
    try:
        page = catalogue.catalogue_page(
            filters=filters_from(query), sort=query.sort, cursor=query.cursor, limit=query.limit, user=request.user
        )
    except ValidationError:
        page = catalogue.catalogue_page(filters=catalogue.CatalogueFilters(), user=request.user)
    favorites = selectors.favorite_product_ids(user=request.user, product_ids=[p.pk for p in page.items])
    cards = [product_card(p, favorites=favorites, system=query.size_system) for p in page.items]
    return cards, page.next_cursor


def home_view(request):
    query = CatalogueQuery(limit=8)
    cards, _cursor = _page(request, query)
    categories = Category.objects.filter(parent__isnull=True).order_by("position", "name")[:8]
    return render(request, "pwa/home.html", {"cards": cards, "categories": categories})


def product_list_view(request):
    query, had_errors = _catalogue_query(request)
    facets = catalogue.catalogue_facets()
    query, subcategories = narrowed_query(query, facets["categories"])
    cards, next_cursor = _page(request, query)
    params = request.GET.copy()
    params.pop("cursor", None)
    next_url = None
    if next_cursor:
        params["cursor"] = next_cursor
        next_url = f"{reverse('product_list')}?{params.urlencode()}"
    has_saved_sizes = request.user.is_authenticated and selectors.saved_dimensions_for(user=request.user).exists()
    context = {
        "cards": cards,
        "next_url": next_url,
        "query": query,
        "panel": catalogue_panel(
            request, query=query, base_url=reverse("product_list"), facets=facets, subcategories=subcategories, cards=cards,
        ),
        "has_saved_sizes": has_saved_sizes,
        "had_errors": had_errors,
        "sorts": [("relevance", _("Relevance")), ("newest", _("Newest")), ("price_asc", _("Price, low to high")), ("price_desc", _("Price, high to low"))],
    }
    return render_catalogue(request, "pwa/product_list.html", context)


def _structured_data(request, product, detail: dict) -> str:
    used = product.product_type == "preloved"
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.display_title,
        "description": product.display_description[:5000],
        "sku": detail["sku"] or str(product.pk),
        "brand": {"@type": "Brand", "name": product.brand.name},
        "image": [request.build_absolute_uri(image["full"]) for image in detail["images"]],
        "offers": {
            "@type": "Offer",
            "url": request.build_absolute_uri(detail["url"]),
            "priceCurrency": "RON",
            "price": detail["price"],
            "availability": "https://schema.org/InStock" if detail["in_stock"] else "https://schema.org/OutOfStock",
            "itemCondition": "https://schema.org/UsedCondition" if used else "https://schema.org/NewCondition",
            "seller": {"@type": "Organization", "name": product.vendor.shop_name},
        },
    }
    if product.colour:
        data["color"] = detail["colour_label"]
    # Escape "<" so a title can never close the script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def product_detail_view(request, pk: int):
    preview = False
    try:
        product = catalogue.public_product(pk=pk)
    except StoreProduct.DoesNotExist:
        product, preview = _unpublished_for_preview(request, pk), True
    if request.method == "POST":
        if preview:
            raise Http404  # nothing is bought, favoured or wished for before it is public
        return _product_action(request, product)
    favorites = selectors.favorite_product_ids(user=request.user, product_ids=[product.pk])
    detail = product_detail(product, favorites=favorites)
    on_wishlist = request.user.is_authenticated and request.user.wishlist_items.filter(product=product).exists()
    response = render(
        request,
        "pwa/product_detail.html",
        {
            "product": product,
            "detail": detail,
            "on_wishlist": on_wishlist,
            "structured_data": _structured_data(request, product, detail),
            **product_page_extras(product),
            "preview": preview,
        },
    )
    if preview:  # never kept by a cache, never indexed
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _unpublished_for_preview(request, pk: int):
    """Staff with products.view_unpublished_product see a listing before it is public (with a banner); others get 404."""
    if not request.user.has_perm("products.view_unpublished_product"):
        raise Http404
    try:
        return store_product_for_preview(pk=pk)
    except StoreProduct.DoesNotExist:
        raise Http404 from None


def _product_action(request, product):
    """The no-JavaScript path of the favourite and wishlist buttons."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('product_detail', args=[product.pk])}")
    action = request.POST.get("action")
    try:
        if action == "favorite":
            services.favorite_toggle(user=request.user, product=product)
        elif action == "wishlist":
            services.wishlist_add(user=request.user, product=product)
            messages.success(request, _("Added to your wishlist: we will tell you when the price drops."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("product_detail", pk=product.pk)


# --- the buyer's account --------------------------------------------------------------------
@login_required
def customer_account_view(request):
    user = request.user
    context = {
        "favorites_count": selectors.favorites_for(user=user).count(),
        "wishlist_count": selectors.wishlist_for(user=user).count(),
        "saved_sizes": list(selectors.saved_dimensions_for(user=user)),
    }
    return render(request, "pwa/customers/account.html", context)


def _cards_of(products, favorites) -> list[dict]:
    cards = []
    for product in products:
        store = product.storeproduct
        store.primary_images = getattr(product, "primary_images", [])
        cards.append(product_card(store, favorites=favorites))
    return cards


@login_required
def favorites_view(request):
    if request.method == "POST":
        product = get_object_or_404(StoreProduct, pk=_posted_id(request, "product_id"))
        favorite = request.user.favorites.filter(product=product).first()
        if favorite is not None:
            services.favorite_toggle(user=request.user, product=product)
        return redirect("favorites")
    favorites = list(selectors.favorites_for(user=request.user))
    ids = {favorite.product_id for favorite in favorites}
    return render(request, "pwa/customers/favorites.html", {"cards": _cards_of([f.product for f in favorites], ids)})


@login_required
def wishlist_view(request):
    items_qs = selectors.wishlist_for(user=request.user)
    if request.method == "POST":
        item = get_object_or_404(items_qs, product_id=_posted_id(request, "product_id"))
        if request.POST.get("action") == "remove":
            services.wishlist_remove(user=request.user, product=item.product)
        elif request.POST.get("action") == "alerts":
            services.wishlist_set_alert(item=item, enabled=request.POST.get("enabled") == "1")
        return redirect("wishlist")
    items = list(items_qs)
    favorites = selectors.favorite_product_ids(user=request.user, product_ids=[i.product_id for i in items])
    rows = [
        {
            "item": item,
            "card": _cards_of([item.product], favorites)[0],
            "current_price": selectors.wishlist_current_price(item),
            "dropped": selectors.wishlist_price_dropped(item),
        }
        for item in items
    ]
    return render(request, "pwa/customers/wishlist.html", {"rows": rows})


@login_required
def saved_dimensions_view(request):
    categories = (
        Category.objects.filter(parent__isnull=True, size_charts__isnull=False)
        .distinct()
        .prefetch_related("size_charts__sizes")
        .order_by("position", "name")
    )
    saved = {s.category_id: s for s in selectors.saved_dimensions_for(user=request.user)}
    errors = {}
    if request.method == "POST":
        category = get_object_or_404(Category, pk=_posted_id(request, "category"))
        if request.POST.get("action") == "remove":
            services.saved_dimension_remove(user=request.user, category=category)
            return redirect("saved_dimensions")
        size = Size.objects.filter(pk=_posted_id(request, "size")).first()
        try:
            if size is None:
                raise ValidationError({"size": _("Choose a size from the list.")})
            services.saved_dimension_set(
                user=request.user, category=category, size=size, system=request.POST.get("system") or "eu"
            )
        except ValidationError as exc:
            errors[category.pk] = exc.messages[0]
        else:
            messages.success(request, _("Size saved: the catalogue now shows your size first."))
            return redirect("saved_dimensions")
    rows = []
    for category in categories:
        sizes = [size for chart in category.size_charts.all() for size in chart.sizes.all()]
        rows.append({"category": category, "sizes": sizes, "saved": saved.get(category.pk), "error": errors.get(category.pk)})
    status = 400 if errors else 200
    return render(
        request, "pwa/customers/saved_dimensions.html", {"rows": rows, "systems": Size.System.choices}, status=status
    )


# --- PWA files ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _shell_fingerprint() -> str:
    """A digest of the shell files' contents: a changed file makes browsers install the new worker."""
    digest = hashlib.sha256()
    for path in SHELL_STATIC:
        found = finders.find(path)
        if found:
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()


@require_GET
@cache_control(no_cache=True)
def service_worker_view(request):
    shell = [reverse("offline"), *[static(path) for path in SHELL_STATIC]]
    version = hashlib.sha256((json.dumps(shell) + _shell_fingerprint()).encode()).hexdigest()[:12]
    body = render(
        request,
        "pwa/serviceworker.js",
        {"version": version, "shell_json": json.dumps(shell), "offline_url": reverse("offline")},
        content_type="application/javascript",
    )
    body["Service-Worker-Allowed"] = "/"
    return body


@require_GET
def robots_txt_view(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /vendors/", "Disallow: /accounts/", "Disallow: /customers/",
             "Disallow: /pwa/api/", "Allow: /"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def offline_view(request):
    return render(request, "pwa/offline.html")

