"""The moved models' content types follow them, so roles keep their permissions.

A permission is (content type, codename): ``backoffice | role | change_role`` and
``administration | role | change_role`` are two different rows. Renaming the content type's
app label keeps the same content type and permission rows (and every role's, group's and user's
link to them, and the admin history's link to the object). Should the new content type already
exist (created by a ``create_permissions`` call in between), the old permissions are merged
into the new ones: every link is moved over, then the old rows are deleted.
"""

from django.db import migrations

MOVES = [  # (old app label, new app label, model)
    ("backoffice", "administration", "platformsettings"),
    ("backoffice", "administration", "platformsettingentry"),
    ("backoffice", "administration", "role"),
    ("backoffice", "products", "importjob"),
]


def _move(apps, moves):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    Role = apps.get_model("administration", "Role")
    LogEntry = apps.get_model("admin", "LogEntry")
    links = [  # the m2m tables that point at permissions, by the side holding the permission
        (Role.permissions.through, "role_id"),
        (Group.permissions.through, "group_id"),
        (User.user_permissions.through, "user_id"),
    ]
    for old_label, new_label, model in moves:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            continue
        for perm in Permission.objects.filter(content_type=old):
            target = Permission.objects.filter(content_type=new, codename=perm.codename).first()
            if target is None:
                perm.content_type = new
                perm.save(update_fields=["content_type"])
                continue
            for through, owner in links:
                for row in through.objects.filter(permission_id=perm.pk):
                    through.objects.get_or_create(**{owner: getattr(row, owner), "permission_id": target.pk})
                through.objects.filter(permission_id=perm.pk).delete()
            perm.delete()
        LogEntry.objects.filter(content_type=old).update(content_type=new)
        old.delete()


def forwards(apps, schema_editor):
    _move(apps, MOVES)


def backwards(apps, schema_editor):
    _move(apps, [(new, old, model) for old, new, model in MOVES])


class Migration(migrations.Migration):

    dependencies = [
        ("administration", "0001_initial"),
        ("products", "0007_move_importjob_from_backoffice"),
        ("accounts", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
