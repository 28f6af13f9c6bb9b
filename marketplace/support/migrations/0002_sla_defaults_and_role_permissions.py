"""Default SLA targets per priority, the support settings row, and the support permissions of the preset roles.

SupportAgent sees the queue (view_*) and works what it takes (object permissions, granted by the
services); ShopManager and Admin also hold ``can_manage_support_tickets`` (assign, transfer, widen
an agent's access, edit SLA targets and support settings).
"""

from django.db import migrations

SLA = {  # priority: (first response, resolution), minutes
    "urgent": (30, 4 * 60),
    "high": (2 * 60, 24 * 60),
    "normal": (8 * 60, 3 * 24 * 60),
    "low": (24 * 60, 7 * 24 * 60),
}
MODELS = ["ticket", "ticketmessage", "ticketevent", "livechat", "livechatmessage", "slatarget", "supportsettings"]
VIEW = [f"view_{model}" for model in MODELS]
GRANTS = {
    "admin": None,  # every permission of these models
    "shop-manager": [*VIEW, "can_manage_support_tickets", "change_ticket", "change_livechat", "change_slatarget",
                     "change_supportsettings"],
    "support-agent": VIEW,
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    SlaTarget = apps.get_model("support", "SlaTarget")
    for priority, (first, resolution) in SLA.items():
        SlaTarget.objects.get_or_create(
            priority=priority, defaults={"first_response_minutes": first, "resolution_minutes": resolution},
        )
    apps.get_model("support", "SupportSettings").objects.get_or_create(pk=1)
    Role = apps.get_model("administration", "Role")
    Permission = apps.get_model("auth", "Permission")
    for slug, codenames in GRANTS.items():
        role = Role.objects.filter(slug=slug).select_related("group").first()
        if role is None:
            continue
        perms = Permission.objects.filter(content_type__app_label="support", content_type__model__in=MODELS)
        if codenames is not None:
            perms = perms.filter(codename__in=codenames)
        role.permissions.add(*perms)
        if role.group_id:
            role.group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_add_live_chat_tickets_sla"),
        ("administration", "0002_move_content_types"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
