from rest_framework.pagination import CursorPagination


class NewestFirst(CursorPagination):
    """Cursor pagination, newest first: stable under inserts, no COUNT(*) on big tables."""

    ordering = "-pk"
    page_size = 24
    page_size_query_param = "limit"
    max_page_size = 100
