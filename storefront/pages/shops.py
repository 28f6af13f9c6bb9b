"""A shop's public page: its pieces with the catalogue's filters, its rating and its buyers' reviews."""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.customers import catalogue
from marketplace.customers.selectors import saved_dimensions_for
from marketplace.reviews.selectors import public_vendor, reviewer_name, seller_pieces_sold, vendor_reviews_public
from marketplace.vendors.models import VendorProfile

from .catalogue_panel import catalogue_panel, narrowed_query, render_catalogue

REVIEWS_PER_PAGE = 10


def shop_detail_view(request, slug: str):
    # The catalogue's own parsing and page (storefront.views); imported here because views imports the pages.
    from storefront.views import _catalogue_query, _page  # noqa: PLC0415

    try:
        vendor = public_vendor(slug=slug)
    except VendorProfile.DoesNotExist:
        raise Http404 from None
    query, had_errors = _catalogue_query(request)
    # A shop's page shows all its pieces unless the buyer asks for their sizes.
    query = query.model_copy(update={"vendor": vendor.slug, "my_sizes": request.GET.get("my_sizes") == "true"})
    facets = catalogue.catalogue_facets()
    query, subcategories = narrowed_query(query, facets["categories"])
    cards, next_cursor = _page(request, query)
    base_url = reverse("shop_detail", args=[vendor.slug])
    next_url = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = f"{base_url}?{params.urlencode()}"
    reviews_page = Paginator(vendor_reviews_public(vendor_id=vendor.pk), REVIEWS_PER_PAGE).get_page(request.GET.get("reviews"))
    reviews = [{"review": review, "name": reviewer_name(review)} for review in reviews_page.object_list]
    context = {
        "vendor": vendor,
        "pieces_sold": seller_pieces_sold(vendor_id=vendor.pk),
        "cards": cards,
        "next_url": next_url,
        "query": query,
        "panel": catalogue_panel(
            request, query=query, base_url=base_url, facets=facets, subcategories=subcategories, cards=cards,
            fixed=("vendor",),
        ),
        "has_saved_sizes": request.user.is_authenticated and saved_dimensions_for(user=request.user).exists(),
        "had_errors": had_errors,
        "reviews": reviews,
        "reviews_page": reviews_page,
        "sorts": [("newest", _("Newest")), ("price_asc", _("Price, low to high")), ("price_desc", _("Price, high to low"))],
    }
    return render_catalogue(request, "pwa/shop_detail.html", context)
