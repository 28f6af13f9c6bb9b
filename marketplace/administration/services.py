"""Writes on platform settings and roles. The back office's admin and settings pages call these."""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import PlatformSettings, Role
from .selectors import TYPED_FIELDS, platform_settings_invalidate


def _log_change(*, actor, obj, changed: list[str]) -> None:
    if actor is None or not changed:
        return
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": changed}}],
        single_object=True,
    )


@transaction.atomic
def platform_settings_update(*, actor, **values) -> PlatformSettings:
    """Change typed settings. Raises ValidationError (by field) and changes nothing on bad values."""
    unknown = set(values) - set(TYPED_FIELDS)
    if unknown:
        raise TypeError(f"Unknown platform settings: {', '.join(sorted(unknown))}")
    PlatformSettings.objects.get_or_create(pk=PlatformSettings.SINGLETON_PK)
    row = PlatformSettings.objects.select_for_update().get(pk=PlatformSettings.SINGLETON_PK)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    verbose = [str(PlatformSettings._meta.get_field(name).verbose_name) for name in changed]
    _log_change(actor=actor, obj=row, changed=verbose)
    platform_settings_invalidate()
    transaction.on_commit(platform_settings_invalidate)
    return row


def role_sync_group(role: Role) -> Group:
    """Make the role's group exist, carry the role's name and exactly its permissions."""
    group = role.group
    if group is None:
        group, _created = Group.objects.get_or_create(name=role.name)
        Role.objects.filter(pk=role.pk).update(group=group)
        role.group = group
    elif group.name != role.name:
        group.name = role.name
        group.save(update_fields=["name"])
    group.permissions.set(role.permissions.all())
    return group


@transaction.atomic
def role_permissions_set(*, role: Role, permissions: Iterable[Permission], actor=None) -> Role:
    """Replace a role's permissions; its group follows (through the m2m trigger)."""
    new_ids = {p.pk for p in permissions}
    old_ids = set(role.permissions.values_list("pk", flat=True))
    if new_ids == old_ids:
        return role
    role.permissions.set(new_ids)
    _log_change(actor=actor, obj=role, changed=[str(Role._meta.get_field("permissions").verbose_name)])
    return role


def _group_for(slug: str) -> Group:
    role = Role.objects.select_related("group").get(slug=slug)
    return role.group or role_sync_group(role)


@transaction.atomic
def role_assign(*, user, slug: str) -> None:
    user.groups.add(_group_for(slug))
    user.__dict__.pop("_role_slugs", None)


@transaction.atomic
def role_revoke(*, user, slug: str) -> None:
    user.groups.remove(_group_for(slug))
    user.__dict__.pop("_role_slugs", None)


@transaction.atomic
def user_roles_set(*, user, slugs: Iterable[str]) -> None:
    """Give ``user`` exactly these roles, one ``role_assign``/``role_revoke`` per change.

    The staff admin's groups field ends here, so a role changed by hand is changed the way
    every other door changes it.
    """
    wanted = set(slugs)
    held = set(Role.objects.filter(group__user=user).values_list("slug", flat=True))
    for slug in sorted(held - wanted):
        role_revoke(user=user, slug=slug)
    for slug in sorted(wanted - held):
        role_assign(user=user, slug=slug)
