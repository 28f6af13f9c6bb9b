"""The storefront's raw-SQL (price, id) index on fixed-price listings becomes an Index in StoreProduct.Meta.

storefront 0002 created ``storefront_catalogue_price`` with RunSQL, out of Django's sight; it is
dropped (if there) and the same columns are indexed as ``products_store_price_id``, which
the model state now knows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("products", "0007_move_importjob_from_backoffice"),
        ("storefront", "0002_add_catalogue_price_index"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS storefront_catalogue_price;",
            "CREATE INDEX IF NOT EXISTS storefront_catalogue_price ON products_storeproduct (price, product_ptr_id);",
            elidable=False,
        ),
        migrations.AddIndex(
            model_name="storeproduct",
            index=models.Index(fields=["price", "product_ptr"], name="products_store_price_id"),
        ),
    ]
