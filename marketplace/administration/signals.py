"""Thin triggers (allowed by DESIGN.md): Role -> Group sync and settings cache invalidation."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import PlatformSettingEntry, PlatformSettings, Role
from .selectors import platform_settings_invalidate
from .services import role_sync_group


@receiver(post_save, sender=Role, dispatch_uid="backoffice_role_saved")
def role_saved(sender, instance: Role, raw: bool = False, **kwargs) -> None:
    if not raw:
        role_sync_group(instance)


@receiver(m2m_changed, sender=Role.permissions.through, dispatch_uid="backoffice_role_permissions")
def role_permissions_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    roles = [instance] if not reverse else list(Role.objects.filter(permissions=instance))
    if reverse and action == "post_clear":  # a permission left every role: resync them all
        roles = list(Role.objects.all())
    for role in roles:
        role_sync_group(role)


@receiver(post_delete, sender=Role, dispatch_uid="backoffice_role_deleted")
def role_deleted(sender, instance: Role, **kwargs) -> None:
    if instance.group_id:
        Group.objects.filter(pk=instance.group_id).delete()


@receiver(post_save, sender=PlatformSettings, dispatch_uid="backoffice_settings_saved")
@receiver(post_delete, sender=PlatformSettings, dispatch_uid="backoffice_settings_deleted")
@receiver(post_save, sender=PlatformSettingEntry, dispatch_uid="backoffice_entry_saved")
@receiver(post_delete, sender=PlatformSettingEntry, dispatch_uid="backoffice_entry_deleted")
def settings_changed(sender, **kwargs) -> None:
    platform_settings_invalidate()
    transaction.on_commit(platform_settings_invalidate)
