"""Issue 12: backoffice keeps only admin classes, views, forms and dashboards.

PlatformSettings, PlatformSettingEntry and Role go to ``administration``, ImportJob to ``products``.
Only Django's picture of the models changes here (their tables stay, under their names); the
models' content types and permissions follow in ``administration.0002``.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("backoffice", "0004_add_import_job"),
        # These read backoffice.Role through the historical models: they must run while it is here.
        ("auctions", "0002_auction_permissions_for_roles"),
        ("orders", "0002_order_permissions_for_roles"),
        ("products", "0004_listing_permissions_for_roles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportJob"),
                migrations.DeleteModel(name="PlatformSettingEntry"),
                migrations.DeleteModel(name="PlatformSettings"),
                migrations.DeleteModel(name="Role"),
            ],
            database_operations=[],
        ),
    ]
