"""Give the Admin and ShopManager roles the wallet's permissions (the orders 0002 pattern).

ShopManager keeps the payouts queue and the ledger (and receives the nightly audit's alerts);
commission rules and wallet settings are the Admin's, like the platform settings.
"""

from django.db import migrations

GRANTS = {
    "admin": None,  # every permission of the wallet
    "shop-manager": [
        "can_view_ledger", "can_manage_payouts", "view_account", "view_ledgertransaction", "view_entry",
        "view_payoutrequest", "view_payoutbatch", "view_bankdetailschange", "view_commissionrule", "view_walletsettings",
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
        perms = Permission.objects.filter(content_type__app_label="wallet")
        if codenames is not None:
            perms = perms.filter(codename__in=codenames)
        role.permissions.add(*perms)
        if role.group_id:
            role.group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("wallet", "0002_append_only_trigger"),
        ("administration", "0002_move_content_types"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
