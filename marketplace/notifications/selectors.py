from django.db.models import QuerySet

from .models import Notification, NotificationPreference


def notification_inbox(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_preferences(*, user) -> NotificationPreference:
    """The user's preferences, unsaved defaults when they never changed one."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
