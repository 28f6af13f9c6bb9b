"""Catalogue: the public list of pieces (filters, sort, search, cursor pages) and a piece's detail."""

import json

from django.core.cache import cache
from django.http import HttpResponse
from ninja import Query, Router

from doors import catalogue_cache as page_cache
from marketplace.customers import catalogue
from marketplace.customers.selectors import favorite_product_ids
from storefront.presenters import catalogue_cards, product_detail

from .schemas import CatalogueQuery, ErrorOut, Id, ProductDetailOut, ProductPageOut, SizeSystem

router = Router(tags=["catalog"])


def filters_from(query: CatalogueQuery) -> catalogue.CatalogueFilters:
    return catalogue.CatalogueFilters(
        category=query.category or None,
        subcategory=query.subcategory or None,
        brand=query.brand or None,
        product_type=query.type.value if query.type else None,
        condition=query.condition or None,
        size=query.size or None,
        size_system=query.size_system,
        colour=query.colour.value if query.colour else None,
        price_min=query.price_min,
        price_max=query.price_max,
        vendor=query.vendor or None,
        q=query.q or None,
        my_sizes=query.my_sizes,
        authenticated=query.authenticated,
    )


@router.get("/products", response={200: ProductPageOut, 400: ErrorOut, 422: ErrorOut})
def product_list(request, query: Query[CatalogueQuery]):
    """One page of the catalogue; `next_cursor` asks for the next one (null on the last page)."""
    key = page_cache.page_key(request, query.model_dump_json())
    if key is not None and (body := cache.get(key)) is not None:
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    saved_sizes = catalogue.saved_size_pairs(request.user) if query.my_sizes else ()
    page = page_cache.public_rows(
        f"{query.model_dump_json()}|{saved_sizes}",
        lambda: catalogue.catalogue_page_rows(
            filters=filters_from(query), sort=query.sort, cursor=query.cursor, limit=query.limit, saved_sizes=saved_sizes
        ),
    )
    favorites = catalogue.favorite_ids_among(request.user, [pk for pk, _price, _certified in page.items])
    # The cards are made to ProductCardOut's shape by one presenter (tests compare them with the schema),
    # so the page is written as it is rather than validated again item by item.
    body = json.dumps(
        {"items": catalogue_cards(page.items, favorites=favorites, system=query.size_system), "next_cursor": page.next_cursor},
        ensure_ascii=False, separators=(",", ":"),
    )
    if key is not None:
        cache.set(key, body, page_cache.seconds())
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.get("/products/{int:product_id}", response={200: ProductDetailOut, 404: ErrorOut})
def product_get(request, product_id: Id, size_system: SizeSystem = "eu"):
    product = catalogue.public_product(pk=product_id)
    favorites = favorite_product_ids(user=request.user, product_ids=[product.pk])
    return product_detail(product, favorites=favorites, system=size_system)
