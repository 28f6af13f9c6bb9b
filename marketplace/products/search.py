"""The catalogue's full-text index on SQLite (the embedded default): accent- and case-blind, like production.

PostgreSQL searches with its own Romanian, accent-blind configuration (see the storefront
migration and ``marketplace.customers.catalogue``). SQLite gets an FTS5 table,
``products_search``, one row per listing (rowid = product id) holding the title, the brand's
name and the description, tokenised by ``unicode61 remove_diacritics 2``: "geanta", "GEANTA"
and "Geantă" are the same word.

The index is kept current by triggers on the listing and brand tables, so every writer —
the listing services, the back-office admin, spreadsheet imports, the demo seed's bulk
inserts — updates it in the same transaction, and it can never drift. A Django migration
that rebuilds a table on SQLite (copy, drop, rename) drops that table's triggers: the
``post_migrate`` hook (``search_index_ensure``) puts them back and refills the index, and
``manage.py rebuild_search_index`` refills it by hand.
"""

import re

from django.db import connection as default_connection

TABLE = "products_search"
# bm25 weights per column: title and brand count as much as each other, the description less
# (PostgreSQL's path weighs them A, A, B).
WEIGHTS = (10.0, 10.0, 1.0)
MAX_WORDS = 8

# Table names are written out (not formatted in): these are fixed SQL statements.
# A listing's English title and description (optional) are searched with its Romanian ones.
_DOCUMENT = (
    "new.title || ' ' || new.title_en, (SELECT name FROM products_brand WHERE id = new.brand_id), "
    "new.description || ' ' || new.description_en"
)
CREATE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS products_search USING fts5("
    "title, brand, description, tokenize = 'unicode61 remove_diacritics 2')"
)
TRIGGERS = {
    "products_search_insert": """
        CREATE TRIGGER IF NOT EXISTS products_search_insert AFTER INSERT ON products_product BEGIN
            INSERT INTO products_search (rowid, title, brand, description) VALUES (new.id, DOCUMENT);
        END""".replace("DOCUMENT", _DOCUMENT),
    "products_search_update": """
        CREATE TRIGGER IF NOT EXISTS products_search_update
        AFTER UPDATE OF title, title_en, description, description_en, brand_id ON products_product BEGIN
            DELETE FROM products_search WHERE rowid = old.id;
            INSERT INTO products_search (rowid, title, brand, description) VALUES (new.id, DOCUMENT);
        END""".replace("DOCUMENT", _DOCUMENT),
    "products_search_delete": """
        CREATE TRIGGER IF NOT EXISTS products_search_delete AFTER DELETE ON products_product BEGIN
            DELETE FROM products_search WHERE rowid = old.id;
        END""",
    "products_search_brand_rename": """
        CREATE TRIGGER IF NOT EXISTS products_search_brand_rename AFTER UPDATE OF name ON products_brand BEGIN
            UPDATE products_search SET brand = new.name
            WHERE rowid IN (SELECT id FROM products_product WHERE brand_id = new.id);
        END""",
}
REFILL = (
    "INSERT INTO products_search (rowid, title, brand, description) "
    "SELECT p.id, p.title || ' ' || p.title_en, b.name, p.description || ' ' || p.description_en FROM products_product p "
    "JOIN products_brand b ON b.id = p.brand_id"
)


def uses_index(connection=default_connection) -> bool:
    return connection.vendor == "sqlite"


def search_index_rebuild(*, connection=default_connection) -> int:
    """Empty the index and fill it again from the listings; returns the number of rows indexed."""
    if not uses_index(connection):
        return 0
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute("DELETE FROM products_search")
        cursor.execute(REFILL)
        cursor.execute("SELECT count(*) FROM products_search")
        return cursor.fetchone()[0]


def search_triggers_drop(*, connection=default_connection) -> None:
    """Drop the index's triggers: before a migration rebuilds the listing table (SQLite checks every
    trigger that names a table when it renames one), or before they are written anew."""
    if not uses_index(connection):
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")  # our own trigger names


def search_index_ensure(*, connection=default_connection) -> bool:
    """Create the table and its triggers where missing, refilling the index if anything was; True if it was."""
    if not uses_index(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = %s) OR (type = 'trigger' AND name LIKE %s)",
            [TABLE, "products_search_%"],
        )
        present = {row[0] for row in cursor.fetchall()}
    if present >= {TABLE, *TRIGGERS}:
        return False
    search_index_rebuild(connection=connection)
    return True


def match_expression(text: str) -> str | None:
    """An FTS5 query for what a buyer typed: every word required, each as a prefix ("gean" finds "Geantă").

    Only letters and digits are kept, each word quoted, so nothing typed is read as FTS5 syntax.
    None when nothing searchable is left.
    """
    words = re.findall(r"[^\W_]+", text)[:MAX_WORDS]
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def matching_ids_sql(expression: str) -> tuple[str, list]:
    """SQL (and its parameters) selecting the ids of the listings that match ``expression``."""
    return "SELECT rowid FROM products_search WHERE products_search MATCH %s", [expression]


def rank_sql(expression: str, id_column: str) -> tuple[str, list]:
    """SQL for a listing's bm25 score against ``expression`` (lower is better); ``id_column`` is the listing's id column."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    return (
        f"(SELECT bm25(products_search, {weights}) FROM products_search "  # noqa: S608 (numbers and a column name of ours)
        f"WHERE products_search MATCH %s AND rowid = {id_column})",
        [expression],
    )
