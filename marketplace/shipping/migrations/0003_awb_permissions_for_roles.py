"""Give the Admin and ShopManager roles the AWB permissions (can_generate_awb, can_upload_awb) and
the view permissions of the shipping models (pattern of orders 0002)."""

from django.db import migrations

GRANTS = {
    "admin": None,  # every permission of these models
    "shop-manager": [
        "can_generate_awb", "can_upload_awb", "view_consignment", "view_parcelphoto", "view_trackingevent",
        "view_shipmentparcel",
    ],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Role = apps.get_model("administration", "Role")
    Permission = apps.get_model("auth", "Permission")
    for slug, codenames in GRANTS.items():
        role = Role.objects.filter(slug=slug).select_related("group").first()
        if role is None:
            continue
        perms = Permission.objects.filter(content_type__app_label="shipping")
        if codenames is not None:
            perms = perms.filter(codename__in=codenames)
        role.permissions.add(*perms)
        if role.group_id:
            role.group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0002_add_shipment_parcel_proxy"),
        ("administration", "0002_move_content_types"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
