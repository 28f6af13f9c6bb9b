"""The catalogue as a buyer sees it: validated fixed-price pieces in stock, filtered, searched, paged.

Pages are keyset ("cursor") pages: the cursor carries the sort key and the id of the last
row shown, so page 400 costs what page 1 costs and a listing added meanwhile never shifts
a page. Search is PostgreSQL full-text search with a Romanian, accent-blind configuration
(``romanian_unaccent``, made by the storefront migration); on SQLite it is the FTS5 index of
``marketplace.products.search`` (accent- and case-blind, every word required, each as a prefix).
The "relevance" sort orders a search by its rank (ts_rank / bm25); a rank depends on the whole
collection, so a listing added between two pages may move a match across the page boundary.
"""

import base64
import binascii
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, F, FloatField, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from marketplace.products import search as search_index
from marketplace.products.models import Brand, Category, ConditionGrade, Product, ProductImage, Size, StoreProduct

from .models import Favorite, SavedDimension

SEARCH_CONFIG = "romanian_unaccent"
PAGE_SIZE = 24
MAX_PAGE_SIZE = 48
# sort name -> (field of the sort key or None for id only, descending?)
# "relevance" is the best match first when the buyer searched, and the newest otherwise.
SORTS = {
    "relevance": ("search_rank", True),
    "newest": (None, True),
    "price_asc": ("price", False),
    "price_desc": ("price", True),
}


@dataclass(frozen=True)
class CatalogueFilters:
    category: str | None = None
    subcategory: str | None = None
    brand: str | None = None
    product_type: str | None = None
    condition: str | None = None
    size: str | None = None
    size_system: str = Size.System.EU
    colour: str | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    vendor: str | None = None
    q: str | None = None
    my_sizes: bool = False
    authenticated: bool = False  # only pieces with a valid authenticity certificate


@dataclass
class CataloguePage:
    items: list = field(default_factory=list)
    next_cursor: str | None = None


# Long fields a product card never shows: not read for list pages.
CARD_DEFERRED = (
    "description", "description_en", "dimensions", "custom_dimensions", "serial_number", "authenticity_notes",
    "rejection_reason", "seo_title", "seo_description",
)


def certified() -> Exists:
    """True for a listing with a valid (issued, not revoked) authenticity certificate.

    The certificates belong to the authenticity context, above this one; they are reached
    through Product's reverse relation (``authenticity_requests``), as a subquery, so a listing
    never repeats and a page keeps its number of queries.
    """
    return Exists(
        Product.objects.filter(
            pk=OuterRef("pk"),
            authenticity_requests__status="validated",
            authenticity_requests__certificate__isnull=False,
            authenticity_requests__certificate__revoked_at__isnull=True,
        )
    )


# The shop's rating, kept on its row by the reviews context: two columns joined into the card's own query.
SELLER_RATING = {"seller_rating": F("vendor__rating_average"), "seller_rating_count": F("vendor__rating_count")}


def public_products() -> QuerySet[StoreProduct]:
    """Validated listings, with what a product card shows, in a fixed number of queries."""
    return (
        StoreProduct.objects.public()
        .select_related("brand", "condition", "size")
        .defer(*CARD_DEFERRED)
        .annotate(is_certified=certified(), **SELLER_RATING)
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
        )
    )


def public_product(*, pk: int) -> StoreProduct:
    """One validated listing with its photos and details; DoesNotExist for anything else."""
    return (
        StoreProduct.objects.public()
        .select_related("brand", "condition", "size", "category", "subcategory", "vendor", "material", "sku")
        .prefetch_related("images", "attributes")
        .annotate(is_certified=certified())
        .get(pk=pk)
    )


def _search(queryset: QuerySet, text: str) -> QuerySet:
    """The pieces matching every word, annotated with ``search_rank`` (higher is a better match)."""
    words = text.split()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", "title_en", weight="A", config=SEARCH_CONFIG)
            + SearchVector("brand__name", weight="A", config=SEARCH_CONFIG)
            + SearchVector("description", "description_en", weight="B", config=SEARCH_CONFIG)
        )
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        # ts_rank is a real; as a double it reads back exactly, so a cursor finds its row again.
        rank = Cast(SearchRank(vector, query), FloatField())
        return queryset.annotate(search_document=vector, search_rank=rank).filter(search_document=query)
    if search_index.uses_index(connection):
        expression = search_index.match_expression(text)
        if expression is None:
            return queryset.none()
        sql, params = search_index.matching_ids_sql(expression)
        rank_sql, rank_params = search_index.rank_sql(expression, f"{Product._meta.db_table}.id")
        return queryset.filter(pk__in=RawSQL(sql, params)).annotate(  # noqa: S611 (fixed SQL, the words are parameters)
            search_rank=RawSQL(f"-{rank_sql}", rank_params, output_field=FloatField())  # noqa: S611 (bm25: lower is better)
        )
    for word in words[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(title_en__icontains=word) | Q(brand__name__icontains=word)
            | Q(description__icontains=word) | Q(description_en__icontains=word)
        )
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))


# The two reads every signed-in catalogue page makes, written as plain SQL: the ORM would spend more
# time building each of them than the database spends answering.
def saved_size_pairs(user) -> tuple[tuple[int, int], ...]:
    """The buyer's saved sizes as (category id, size id) pairs, in a fixed order; () for a visitor.

    With a shared cache (``CUSTOMER_CACHE_SECONDS``, Redis) they are kept there, dropped whenever one of
    the buyer's saved sizes is saved or deleted (``drop_saved_sizes``)."""
    if user is None or not user.is_authenticated:
        return ()
    seconds = getattr(settings, "CUSTOMER_CACHE_SECONDS", 0)
    if seconds:
        cached = cache.get(saved_sizes_cache_key(user.pk))
        if cached is not None:
            return tuple(tuple(pair) for pair in cached)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT category_id, size_id FROM {SavedDimension._meta.db_table} WHERE user_id = %s"  # noqa: S608 (a table name)
            " ORDER BY category_id, size_id",
            [user.pk],
        )
        pairs = tuple((category_id, size_id) for category_id, size_id in cursor.fetchall())
    if seconds:
        cache.set(saved_sizes_cache_key(user.pk), pairs, seconds)
    return pairs


def saved_sizes_cache_key(user_id) -> str:
    return f"customer:saved-sizes:{user_id}"


def drop_saved_sizes(sender=None, instance=None, **kwargs) -> None:
    """Receiver for SavedDimension's post_save/post_delete (``CustomersConfig.ready``)."""
    if instance is not None and getattr(settings, "CUSTOMER_CACHE_SECONDS", 0):
        cache.delete(saved_sizes_cache_key(instance.user_id))


def favorite_ids_among(user, pks) -> set[int]:
    """Which of the listings ``pks`` the buyer has as favourites: one query on the (user, product) unique index."""
    pks = list(pks)
    if user is None or not user.is_authenticated or not pks:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT product_id FROM {Favorite._meta.db_table} WHERE user_id = %s"  # noqa: S608 (a table name and placeholders)
            f" AND product_id IN ({', '.join(['%s'] * len(pks))})",
            [user.pk, *pks],
        )
        return {product_id for (product_id,) in cursor.fetchall()}


def _saved_sizes_filter(saved) -> Q | None:
    if not saved:
        return None
    categories = [category_id for category_id, _size in saved]
    wearing = Q()
    for category_id, size_id in saved:
        wearing |= Q(category_id=category_id, size_id=size_id) | Q(category__parent_id=category_id, size_id=size_id)
    return wearing | ~(Q(category_id__in=categories) | Q(category__parent_id__in=categories))


def filter_products(queryset: QuerySet, filters: CatalogueFilters, *, user=None, saved_sizes=None) -> QuerySet:
    """The pieces matching ``filters``; "Only my sizes" reads ``user``'s saved sizes, or takes them
    already read as ``saved_sizes`` (pairs from ``saved_size_pairs``)."""
    f = filters
    if f.category:
        queryset = queryset.filter(Q(category__slug=f.category) | Q(category__parent__slug=f.category))
    if f.subcategory:
        queryset = queryset.filter(subcategory__slug=f.subcategory)
    if f.brand:
        queryset = queryset.filter(brand__slug=f.brand)
    if f.product_type:
        queryset = queryset.filter(product_type=f.product_type)
    if f.condition:
        queryset = queryset.filter(condition__slug=f.condition)
    if f.size:
        queryset = queryset.filter(**{f"size__{Size.System(f.size_system).value}": f.size})
    if f.colour:
        queryset = queryset.filter(colour=f.colour)
    if f.price_min is not None:
        queryset = queryset.filter(price__gte=f.price_min)
    if f.price_max is not None:
        queryset = queryset.filter(price__lte=f.price_max)
    if f.price_min is not None and f.price_max is not None and f.price_min > f.price_max:
        raise ValidationError({"price_max": _("The highest price must not be below the lowest.")})
    if f.vendor:
        queryset = queryset.filter(vendor__slug=f.vendor)
    if f.my_sizes:
        wearing = _saved_sizes_filter(saved_size_pairs(user) if saved_sizes is None else saved_sizes)
        if wearing is not None:
            queryset = queryset.filter(wearing)
    if f.authenticated:
        queryset = queryset.filter(certified())
    if f.q:
        queryset = _search(queryset, f.q.strip()[:200])
    return queryset


def _encode_cursor(sort: str, product_or_key, pk: int | None = None) -> str:
    """The cursor after a row: from the listing itself, or from its sort key and id (``pk`` given)."""
    key_field, _desc = SORTS[sort]
    if pk is None:
        product_or_key, pk = (getattr(product_or_key, key_field) if key_field else None), product_or_key.pk
    value = str(product_or_key) if key_field else None
    raw = json.dumps([sort, value, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(sort: str, cursor: str) -> tuple[str | None, int]:
    bad = ValidationError({"cursor": _("This page link is no longer valid; start from the first page.")})
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        cursor_sort, value, pk = data
        if cursor_sort != sort or not isinstance(pk, int):
            raise bad
        if value is not None:
            Decimal(value)
        return value, pk
    except (ValueError, TypeError, binascii.Error, InvalidOperation):
        raise bad from None


def _after(queryset: QuerySet, sort: str, cursor: str) -> QuerySet:
    key_field, desc = SORTS[sort]
    value, pk = _decode_cursor(sort, cursor)
    op = "lt" if desc else "gt"
    if key_field is None:
        return queryset.filter(**{f"pk__{op}": pk})
    # (key, pk) after (value, pk), written so that the database can range-scan an index on key.
    return queryset.filter(Q(**{f"{key_field}__{op}e": value}) & (Q(**{f"{key_field}__{op}": value}) | Q(**{f"pk__{op}": pk})))


def _checked_sort(filters: CatalogueFilters, sort: str, limit: int) -> str:
    if sort not in SORTS:
        raise ValidationError({"sort": _("Unknown sort order.")})
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationError({"limit": _("Ask for between 1 and %(max)s pieces.") % {"max": MAX_PAGE_SIZE}})
    if sort == "relevance" and not (filters.q and filters.q.strip()):
        sort = "newest"
    return sort


def _ordering(sort: str) -> list[str]:
    key_field, desc = SORTS[sort]
    return [f"-{name}" if desc else name for name in ([key_field] if key_field else []) + ["pk"]]


def catalogue_page(
    *, filters: CatalogueFilters, sort: str = "newest", cursor: str | None = None, limit: int = PAGE_SIZE, user=None,
    with_details: bool = False,
) -> CataloguePage:
    """One page of the public catalogue and the cursor of the next (None on the last page).

    ``with_details`` also reads each piece's shop, category and every photo (the partner API's
    GraphQL asks for them), still in a fixed number of queries.
    """
    sort = _checked_sort(filters, sort, limit)
    queryset = filter_products(public_products().on_sale(), filters, user=user)
    if with_details:
        queryset = queryset.defer(None).select_related("vendor", "category", "subcategory").prefetch_related("images")
    if cursor:
        queryset = _after(queryset, sort, cursor)
    rows = list(queryset.order_by(*_ordering(sort))[: limit + 1])
    page = CataloguePage(items=rows[:limit])
    if len(rows) > limit:
        page.next_cursor = _encode_cursor(sort, rows[limit - 1])
    return page


def catalogue_page_rows(
    *, filters: CatalogueFilters, sort: str = "newest", cursor: str | None = None, limit: int = PAGE_SIZE,
    saved_sizes: tuple = (),
) -> CataloguePage:
    """The page ``catalogue_page`` gives, as the rows that are the same for every buyer, in one query.

    Each item is ``(id, price, certified)``; "Only my sizes" uses ``saved_sizes`` (``saved_size_pairs``).
    Same filters, search, sort and cursor, so the same pieces in the same order: the result depends
    only on the arguments and the listings, so a door may keep it (``doors.catalogue_cache``) and add
    the buyer's favourites and each card.
    """
    sort = _checked_sort(filters, sort, limit)
    queryset = filter_products(StoreProduct.objects.public().on_sale(), filters, saved_sizes=saved_sizes)
    if cursor:
        queryset = _after(queryset, sort, cursor)
    key_field, _desc = SORTS[sort]
    fields = ["pk", "price", "is_certified", *([key_field] if key_field == "search_rank" else [])]
    rows = list(queryset.annotate(is_certified=certified()).order_by(*_ordering(sort)).values_list(*fields)[: limit + 1])
    page = CataloguePage(items=[row[:3] for row in rows[:limit]])
    if len(rows) > limit:
        last = rows[limit - 1]
        page.next_cursor = _encode_cursor(sort, last[fields.index(key_field)] if key_field else None, last[0])
    return page


def card_products(pks) -> QuerySet[StoreProduct]:
    """The listings ``pks`` with what a product card shows (whatever their status: the caller chose them)."""
    return (
        StoreProduct.objects.filter(pk__in=list(pks))
        .select_related("brand", "condition", "size")
        .defer(*CARD_DEFERRED)
        .annotate(**SELLER_RATING)
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
        )
    )


def catalogue_facets() -> dict:
    """What the filter panel offers: top categories with subcategories, brands, conditions."""
    visible = public_products().on_sale()
    return {
        "categories": list(
            Category.objects.filter(parent__isnull=True).prefetch_related("subcategories").order_by("position", "name")
        ),
        "brands": list(Brand.objects.filter(products__in=visible.values("pk")).distinct().order_by("name")),
        "conditions": list(ConditionGrade.objects.order_by("rank")),
    }
