"""Catalogue: the public list of pieces (filters, sort, search, cursor pages) and a piece's detail."""

from ninja import Query, Router

from marketplace.customers import catalogue
from marketplace.customers.selectors import favorite_product_ids
from storefront.presenters import product_card, product_detail

from .schemas import CatalogueQuery, ErrorOut, ProductDetailOut, ProductPageOut, SizeSystem

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
    )


@router.get("/products", response={200: ProductPageOut, 400: ErrorOut, 422: ErrorOut})
def product_list(request, query: Query[CatalogueQuery]):
    page = catalogue.catalogue_page(
        filters=filters_from(query), sort=query.sort, cursor=query.cursor, limit=query.limit, user=request.user
    )
    favorites = favorite_product_ids(user=request.user, product_ids=[p.pk for p in page.items])
    return {
        "items": [product_card(p, favorites=favorites, system=query.size_system) for p in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/products/{int:product_id}", response={200: ProductDetailOut, 404: ErrorOut})
def product_get(request, product_id: int, size_system: SizeSystem = "eu"):
    product = catalogue.public_product(pk=product_id)
    favorites = favorite_product_ids(user=request.user, product_ids=[product.pk])
    return product_detail(product, favorites=favorites, system=size_system)
