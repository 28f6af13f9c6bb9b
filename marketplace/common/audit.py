"""The audit trail (django-auditlog): each context registers its models in its apps.py ``ready()``.

``audit_register`` leaves out the time stamps every save moves (``created_at``, ``updated_at``):
they are not changes anyone made. The actor of each entry is the signed-in person of the request
(``AuditlogMiddleware``); writes made by jobs or commands have none.
"""

from django.db.models.signals import pre_delete, pre_save

TIMESTAMPS = ("created_at", "updated_at")


def audit_register(model, *, include_fields=None, exclude_fields=(), m2m_fields=()) -> None:
    """Record every create, change and delete of ``model``: who, what, before and after, when."""
    from auditlog.registry import auditlog  # noqa: PLC0415  (called from ready(): models load first)

    auditlog.register(
        model,
        include_fields=list(include_fields) if include_fields else None,
        exclude_fields=[*TIMESTAMPS, *exclude_fields],
        m2m_fields=set(m2m_fields),
    )


class AuditEntryImmutable(Exception):
    """An audit entry is written once: changing or deleting it is refused."""


def _refuse_change(sender, instance, raw=False, **kwargs) -> None:
    if not instance._state.adding:
        raise AuditEntryImmutable("An audit entry cannot be changed.")


def _refuse_delete(sender, instance, **kwargs) -> None:
    raise AuditEntryImmutable("An audit entry cannot be deleted.")


def audit_entries_protect() -> None:
    """Refuse, at the model level, any save of an existing entry and any delete (admin, shell, code)."""
    pre_save.connect(_refuse_change, sender="auditlog.LogEntry", dispatch_uid="audit_entry_immutable")
    pre_delete.connect(_refuse_delete, sender="auditlog.LogEntry", dispatch_uid="audit_entry_undeletable")
