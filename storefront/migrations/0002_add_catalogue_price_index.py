"""An index for the storefront's price sorts: (price, id) on fixed-price listings.

The catalogue pages by keyset on (price, id); with this index a page is an index range scan
that stops after 25 rows instead of a sort of every listing. It serves only the storefront's
read path, so it lives here; Django's model state does not track it (RunSQL).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0001_add_romanian_unaccent_search"),
        ("products", "0004_listing_permissions_for_roles"),
    ]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS storefront_catalogue_price ON products_storeproduct (price, product_ptr_id);",
            "DROP INDEX IF EXISTS storefront_catalogue_price;",
            elidable=False,
        )
    ]
