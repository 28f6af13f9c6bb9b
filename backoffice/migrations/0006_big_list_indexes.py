"""Indexes the back offices' big lists need on PostgreSQL (issue 20, make bench-admin).

- newest first, as the lists sort (``created_at``/``date_joined`` descending, then the key), overall, per status
  and per shop: a page — page 500 too — is an index range, not a sort of a million rows;
- trigram indexes (pg_trgm) on the columns the lists search with "contains": a listing's title, its SKU, an order's
  number and e-mail, an account's e-mail (``UPPER(col) LIKE UPPER('%…%')`` is what Django writes).

Built CONCURRENTLY (the migration is not atomic), so a live table keeps taking writes. Nothing on SQLite, whose
tables stay small (the embedded default).
"""

from django.db import migrations

INDEXES = {
    "products_recent": "products_product (created_at DESC, id DESC)",
    "products_status_recent": "products_product (status, created_at DESC, id DESC)",
    "products_vendor_recent": "products_product (vendor_id, created_at DESC, id DESC)",
    "products_title_trgm": "products_product USING gin (upper(title) gin_trgm_ops)",
    "products_sku_code_trgm": "products_skucode USING gin (upper(code) gin_trgm_ops)",
    "orders_recent": "orders_order (created_at DESC, id DESC)",
    "orders_status_recent": "orders_order (status, created_at DESC, id DESC)",
    "orders_number_trgm": "orders_order USING gin (upper(number) gin_trgm_ops)",
    "orders_email_trgm": "orders_order USING gin (upper(email) gin_trgm_ops)",
    "accounts_user_joined": "accounts_user (date_joined DESC, id DESC)",
    "accounts_user_email_trgm": "accounts_user USING gin (upper(email) gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("backoffice", "0005_move_models_out_of_backoffice"),
        ("products", "0010_export_job"),
        ("orders", "0004_shipment_deadline_list"),
        ("accounts", "0005_api_token"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
