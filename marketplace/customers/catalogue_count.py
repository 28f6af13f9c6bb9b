"""How many pieces a catalogue query keeps: the number a buyer reads above the results ("124 de piese").

The catalogue pages by keyset and never needed a total; a total of a big filter would be a full
COUNT(*) over every matching listing. Counting stops past ``COUNT_CAP`` instead ("more than 1,000
pieces"), so it costs one bounded walk whatever the filter keeps. Doors keep the figure with the page's
public rows (``doors.catalogue_cache.public_rows``), so a busy query is counted once in 15 s per worker.
"""

from marketplace.products.models import StoreProduct

from .catalogue import CatalogueFilters, filter_products

COUNT_CAP = 1000


def catalogue_count(*, filters: CatalogueFilters, saved_sizes: tuple = (), cap: int | None = None) -> int:
    """How many pieces ``filters`` keep, counted up to ``cap`` + 1 (``COUNT_CAP`` unless given).

    Same filters and search as ``catalogue.catalogue_page_rows`` ("Only my sizes" from ``saved_sizes``), in
    one query: ``SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1)``. A result over ``cap`` reads as "more than".
    """
    cap = COUNT_CAP if cap is None else cap
    queryset = filter_products(StoreProduct.objects.public().on_sale(), filters, saved_sizes=saved_sizes)
    return queryset.order_by().values("pk")[: cap + 1].count()
