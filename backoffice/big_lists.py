"""Changelists over tables of a million rows (issue 20): counts that do not count the million.

Django's admin counts every list twice (the filtered rows for the paginator, all rows for "N total"). On
PostgreSQL, ``COUNT(*)`` over a million listings reads them all on every page view. ``EstimatedCountPaginator``
counts exactly up to ``EXACT_UP_TO`` rows (a ``COUNT`` over a ``LIMIT``ed subquery stops there) and above that
takes the planner's estimate for the same query (``EXPLAIN``), which PostgreSQL keeps current through ANALYZE;
``BigListMixin`` (put on the big lists of both sites by ``big_lists_install``) uses it, drops the second,
unfiltered count and searches column by column.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import TextFilter

from marketplace.vendors.models import VendorProfile

EXACT_UP_TO = 10_000
DEEP_FROM = 1_000  # rows skipped before a page that is read keys first


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows ``queryset`` returns, or None on another database."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)  # the ORM's own SQL and parameters
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Exact counts for lists of up to ``EXACT_UP_TO`` rows; the planner's estimate beyond (``estimated`` says so)."""

    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        bounded = queryset.order_by()[: EXACT_UP_TO + 1].count()
        if bounded <= EXACT_UP_TO:
            return bounded
        estimate = planner_estimate(queryset)
        if estimate is None:
            return queryset.count()
        self.estimated = True
        return max(estimate, bounded)

    def page(self, number):
        """A deep page (page 500 is 24,950 rows in) reads the keys of the rows before it alone — an index-only
        walk along the list's order — and then the page's fifty rows with their joins, instead of joining every
        skipped row to its shop, brand, category and SKU only to throw it away."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEEP_FROM:
            return super().page(number)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def _lookup(field_name: str) -> str:
    """The admin's search prefixes: ^ starts with, = exactly, otherwise contains (case-blind)."""
    if field_name.startswith("^"):
        return f"{field_name[1:]}__istartswith"
    if field_name.startswith("="):
        return f"{field_name[1:]}__iexact"
    return f"{field_name}__icontains"


class ShopNameFilter(TextFilter):
    """The shop, typed (name or slug, any part): two thousand shops are not a list of links to render."""

    title = _("shop")
    parameter_name = "shop"
    path = "vendor"  # from the list's model to VendorProfile

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        shops = VendorProfile.objects.filter(Q(shop_name__icontains=value) | Q(slug__icontains=value)).values("pk")
        return queryset.filter(pk__in=queryset.model._default_manager.filter(**{f"{self.path}__in": shops}).values("pk"))


class BigListMixin:
    """For a ModelAdmin whose table grows without bound: estimated counts, no second count, a typed shop filter,
    and a search whose columns across relations are asked first (``_column_condition``), so each word is one
    OR over the table's own indexed columns instead of an OR across joined tables, which reads every row."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    date_hierarchy = None  # its years and months are a DISTINCT over every row; the date filter stays
    shop_filter_path: str | None = None  # set by big_lists_install where the list filters by shop

    def get_list_filter(self, request):
        """The shop filter (a link per shop) becomes a text field; the others stay as they are."""
        filters = list(super().get_list_filter(request))
        if self.shop_filter_path is None:
            return filters
        shop = type("ShopNameFilter", (ShopNameFilter,), {"path": self.shop_filter_path})
        return [shop if item == "vendor" or getattr(item, "parameter_name", None) == "vendor" else item for item in filters]

    def get_search_results(self, request, queryset, search_term):
        fields = self.get_search_fields(request)
        if not search_term or not fields:
            return queryset, False
        model = queryset.model
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            matches = Q()
            for name in fields:
                matches |= _column_condition(model, _lookup(name), bit)
            queryset = queryset.filter(matches)
        return queryset, False


# A joined column's matches become a list of keys when there are at most this many; past it, a subquery.
KEYS_UP_TO = 1000


def _column_condition(model, lookup: str, bit: str) -> Q:
    """One searched column as a condition on ``model``'s own table.

    A column of the table itself stays as it is (a trigram index answers it on PostgreSQL). A column across a
    relation is asked on its own first and becomes ``fk IN (keys)`` or ``pk IN (keys)``, so that the whole
    search is one OR over the table's own indexed columns, which PostgreSQL combines (BitmapOr) or reads along
    the list's order — never an OR across joins, which reads every row."""
    path, _sep, operator = lookup.rpartition("__")
    head, _sep, rest = path.partition("__")
    if not rest:
        return Q(**{lookup: bit})
    field = model._meta.get_field(head)
    related = field.related_model._default_manager.filter(**{f"{rest}__{operator}": bit})
    if field.concrete:  # a foreign key of this table: the related rows' keys
        keys, column = related.values_list("pk", flat=True), f"{field.attname}__in"
    else:  # a reverse relation: the related rows point at this table
        keys, column = related.values_list(field.field.attname, flat=True), "pk__in"
    found = list(keys[: KEYS_UP_TO + 1])
    return Q(**{column: keys if len(found) > KEYS_UP_TO else found})


def big_lists_install(registrations) -> None:
    """Register again each ModelAdmin of ``registrations`` ((site, model, shop path or None), ...) with
    ``BigListMixin`` in front."""
    for site, model, shop_path in registrations:
        current = type(site._registry[model])
        site.unregister(model)
        attributes = {"__module__": current.__module__, "shop_filter_path": shop_path}
        if shop_path is not None:
            attributes["list_filter_submit"] = True  # unfold's text filters are sent with a button
        site.register(model, type(current.__name__, (BigListMixin, current), attributes))
