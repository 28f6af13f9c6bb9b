"""Give the Admin and ShopManager roles the order permissions (see products 0004 for the pattern)."""

from django.db import migrations

GRANTS = {
    "admin": None,  # every permission of these models
    "shop-manager": [
        "can_view_all_orders", "can_manage_orders", "view_order", "change_order", "view_shipment",
        "view_orderitem", "view_orderevent", "view_payment", "view_invoice",
    ],
}
MODELS = ["order", "shipment", "orderitem", "orderevent", "payment", "invoice", "cart", "cartitem"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Role = apps.get_model("backoffice", "Role")
    Permission = apps.get_model("auth", "Permission")
    for slug, codenames in GRANTS.items():
        role = Role.objects.filter(slug=slug).select_related("group").first()
        if role is None:
            continue
        perms = Permission.objects.filter(content_type__app_label="orders", content_type__model__in=MODELS)
        if codenames is not None:
            perms = perms.filter(codename__in=codenames)
        role.permissions.add(*perms)
        if role.group_id:
            role.group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_add_carts_orders_payments_invoices"),
        ("backoffice", "0002_preset_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
