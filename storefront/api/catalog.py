"""Catalogue: the public list of pieces (filters, sort, search, cursor pages) and a piece's detail."""

import json

from django.core.cache import cache
from django.http import HttpResponse
from ninja import Query, Router
from ninja.responses import NinjaJSONEncoder

from doors import catalogue_cache as page_cache
from marketplace.customers import catalogue
from marketplace.customers.selectors import favorite_product_ids
from storefront.presenters import product_card, product_detail

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
    page = catalogue.catalogue_page(
        filters=filters_from(query), sort=query.sort, cursor=query.cursor, limit=query.limit, user=request.user
    )
    favorites = favorite_product_ids(user=request.user, product_ids=[p.pk for p in page.items])
    data = {
        "items": [product_card(p, favorites=favorites, system=query.size_system) for p in page.items],
        "next_cursor": page.next_cursor,
    }
    if key is None:
        return data
    body = json.dumps(ProductPageOut.model_validate(data).model_dump(), cls=NinjaJSONEncoder)
    cache.set(key, body, page_cache.seconds())
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.get("/products/{int:product_id}", response={200: ProductDetailOut, 404: ErrorOut})
def product_get(request, product_id: Id, size_system: SizeSystem = "eu"):
    product = catalogue.public_product(pk=product_id)
    favorites = favorite_product_ids(user=request.user, product_ids=[product.pk])
    return product_detail(product, favorites=favorites, system=size_system)
