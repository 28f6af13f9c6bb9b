"""Admin, ShopManager and SupportAgent read seller reviews and may hide them (pattern of currency 0002)."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Role = apps.get_model("administration", "Role")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="reviews", codename__in=["view_review", "change_review"])
    for role in Role.objects.filter(slug__in=["admin", "shop-manager", "support-agent"]).select_related("group"):
        role.permissions.add(*perms)
        if role.group_id:
            role.group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_seller_reviews"),
        ("administration", "0002_move_content_types"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
