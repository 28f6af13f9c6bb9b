"""Create the five preset roles of the seed (§9) and their groups, with sensible permissions.

Later migrations of other apps add the permissions of the models they introduce.
"""

from django.db import migrations

CATALOGUE_MODELS = ["category", "subcategory", "brand", "material", "conditiongrade", "sizechart", "size"]

PRESETS = {
    "admin": ("Admin", "Acces complet la platformă.", "__all__"),
    "shop-manager": (
        "ShopManager",
        "Administrează catalogul, vânzătorii, comenzile și setările platformei.",
        [
            ("accounts", "view_user"),
            ("accounts", "change_user"),
            ("accounts", "view_userprofile"),
            ("accounts", "change_userprofile"),
            ("vendors", "view_vendorprofile"),
            ("vendors", "add_vendorprofile"),
            ("vendors", "change_vendorprofile"),
            ("vendors", "approve_vendor"),
            *[("products", f"{action}_{model}") for model in CATALOGUE_MODELS for action in ("add", "change", "delete", "view")],
            ("backoffice", "view_platformsettings"),
            ("backoffice", "change_platformsettings"),
            ("backoffice", "view_platformsettingentry"),
            ("backoffice", "add_platformsettingentry"),
            ("backoffice", "change_platformsettingentry"),
            ("backoffice", "delete_platformsettingentry"),
            ("backoffice", "view_role"),
            ("django_q", "view_schedule"),
            ("django_q", "view_failure"),
            ("django_q", "view_success"),
            ("admin", "view_logentry"),
        ],
    ),
    "support-agent": (
        "SupportAgent",
        "Răspunde clienților și vânzătorilor: vede conturi, magazine și catalogul.",
        [
            ("accounts", "view_user"),
            ("accounts", "view_userprofile"),
            ("vendors", "view_vendorprofile"),
            *[("products", f"view_{model}") for model in CATALOGUE_MODELS],
        ],
    ),
    "vendor": (
        "Vendor",
        "Vânzător aprobat: își administrează magazinul în spațiul vânzătorilor.",
        [("vendors", "can_view_vendor_dashboard"), ("vendors", "can_edit_vendor_profile")],
    ),
    "customer": ("Customer", "Cumpărător: cumpără, licitează, salvează favorite.", []),
}


def create_preset_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Role = apps.get_model("backoffice", "Role")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for slug, (name, description, wanted) in PRESETS.items():
        if wanted == "__all__":
            perms = list(Permission.objects.all())
        else:
            perms = [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            ]
        group, _ = Group.objects.get_or_create(name=name)
        role, _ = Role.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "group": group})
        role.permissions.set(perms)
        group.permissions.set(perms)


def remove_preset_roles(apps, schema_editor):
    Role = apps.get_model("backoffice", "Role")
    Group = apps.get_model("auth", "Group")
    names = [name for name, _d, _p in PRESETS.values()]
    Role.objects.filter(slug__in=PRESETS).delete()
    Group.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_initial"),
        ("accounts", "0001_initial"),
        ("vendors", "0001_initial"),
        ("products", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_preset_roles, remove_preset_roles)]
