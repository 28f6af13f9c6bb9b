"""Give the preset roles the permissions of the auction models (the seed's can_manage/can_close_auctions)."""

from django.db import migrations

GRANTS = {
    "admin": None,  # every permission of these models
    "shop-manager": ["view_auction", "view_bid", "view_auctionevent", "can_manage_auctions", "can_close_auctions"],
    "support-agent": ["view_auction", "view_bid", "view_auctionevent"],
}
MODELS = ["auction", "bid", "auctionevent"]


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
        perms = Permission.objects.filter(content_type__app_label="auctions", content_type__model__in=MODELS)
        if codenames is not None:
            perms = perms.filter(codename__in=codenames)
        role.permissions.add(*perms)
        if role.group_id:
            role.group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("auctions", "0001_auctions_bids_events"),
        ("backoffice", "0002_preset_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
