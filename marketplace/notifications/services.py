"""Writes on notifications: subscribe a browser, set preferences, notify a user."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit

from .models import Notification, NotificationKind, NotificationPreference, PushSubscription


@transaction.atomic
def push_subscription_save(*, user, endpoint: str, p256dh: str, auth: str, user_agent: str = "") -> PushSubscription:
    """Remember a browser's push endpoint for ``user`` (a browser that changes hands moves with it)."""
    from django.core.validators import URLValidator

    errors = {}
    try:
        URLValidator(schemes=["https"])(endpoint or "")
    except ValidationError:
        errors["endpoint"] = _("The push endpoint must be an https address.")
    if not p256dh or len(p256dh) > 200:
        errors["p256dh"] = _("The browser's public key is missing.")
    if not auth or len(auth) > 100:
        errors["auth"] = _("The browser's auth secret is missing.")
    if errors:
        raise ValidationError(errors)
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300], "failures": 0},
    )
    return subscription


@transaction.atomic
def push_subscription_delete(*, user, endpoint: str) -> int:
    deleted, _rows = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted


@transaction.atomic
def notification_preferences_update(*, user, **flags: bool) -> NotificationPreference:
    allowed = {f"push_{kind}" for kind in NotificationKind.values}
    unknown = set(flags) - allowed
    if unknown:
        raise ValidationError(_("Unknown preferences: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for name, value in flags.items():
        setattr(preference, name, bool(value))
    preference.save()
    return preference


@transaction.atomic
def notify(*, user, kind: str, title: str, body: str, url: str = "") -> Notification:
    """Put a notification in the user's inbox and, if they allow it, push it to their browsers (a job)."""
    notification = Notification.objects.create(user=user, kind=kind, title=title[:120], body=body[:300], url=url[:300])
    preference = NotificationPreference.objects.filter(user=user).first()
    wants_push = preference.wants(kind) if preference is not None else True
    if wants_push and PushSubscription.objects.filter(user=user).exists():
        enqueue_after_commit("marketplace.notifications.tasks.push_notification", notification.pk)
    return notification


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
