"""SQLite only: an FTS5 index of the listings (title, brand, description), accent- and case-blind.

PostgreSQL searches with ``romanian_unaccent`` (storefront migration 0001): nothing to do there.
The index as it was first written (title, brand and description only); migration 0009 rewrites
its triggers to read the English text as well, and ``marketplace.products.search`` holds the current
version. The SQL is frozen here: a migration must not follow later changes of the code.
"""

from django.db import migrations

FIRST_VERSION = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS products_search USING fts5("
    "title, brand, description, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS products_search_insert AFTER INSERT ON products_product BEGIN "
    "INSERT INTO products_search (rowid, title, brand, description) VALUES (new.id, "
    "new.title, (SELECT name FROM products_brand WHERE id = new.brand_id), new.description); END",
    "CREATE TRIGGER IF NOT EXISTS products_search_update AFTER UPDATE OF title, description, brand_id ON products_product BEGIN "
    "DELETE FROM products_search WHERE rowid = old.id; "
    "INSERT INTO products_search (rowid, title, brand, description) VALUES (new.id, "
    "new.title, (SELECT name FROM products_brand WHERE id = new.brand_id), new.description); END",
    "CREATE TRIGGER IF NOT EXISTS products_search_delete AFTER DELETE ON products_product BEGIN "
    "DELETE FROM products_search WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS products_search_brand_rename AFTER UPDATE OF name ON products_brand BEGIN "
    "UPDATE products_search SET brand = new.name WHERE rowid IN (SELECT id FROM products_product WHERE brand_id = new.id); END",
    "DELETE FROM products_search",
    "INSERT INTO products_search (rowid, title, brand, description) "
    "SELECT p.id, p.title, b.name, p.description FROM products_product p JOIN products_brand b ON b.id = p.brand_id",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in FIRST_VERSION:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    from marketplace.products.search import TABLE, TRIGGERS

    if schema_editor.connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("products", "0005_add_category_preset_dimensions")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
