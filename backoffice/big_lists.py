"""Changelists over tables of a million rows (issue 20): counts that do not count the million.

Django's admin counts every list twice (the filtered rows for the paginator, all rows for "N total"). On
PostgreSQL, ``COUNT(*)`` over a million listings reads them all on every page view. ``EstimatedCountPaginator``
counts exactly up to ``EXACT_UP_TO`` rows (a ``COUNT`` over a ``LIMIT``ed subquery stops there) and above that
takes the planner's estimate for the same query (``EXPLAIN``), which PostgreSQL keeps current through ANALYZE;
``big_lists_install`` puts it on the big lists of both sites and drops their second, unfiltered count.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


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


def big_lists_install(registrations) -> None:
    """Give each registered ModelAdmin of ``registrations`` ((site, model), ...) the big-list behaviour."""
    for site, model in registrations:
        model_admin = site._registry[model]
        model_admin.paginator = EstimatedCountPaginator
        model_admin.show_full_result_count = False
