"""SQLite only: an FTS5 index of the listings (title, brand, description), accent- and case-blind.

PostgreSQL searches with ``romanian_unaccent`` (storefront migration 0001): nothing to do there.
The table, its triggers and the refill are in ``marketplace.products.search``.
"""

from django.db import migrations


def forward(apps, schema_editor):
    from marketplace.products.search import search_index_rebuild

    if schema_editor.connection.vendor == "sqlite":
        search_index_rebuild(connection=schema_editor.connection)


def backward(apps, schema_editor):
    from marketplace.products.search import TABLE, TRIGGERS

    if schema_editor.connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("products", "0005_add_category_preset_dimensions")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
