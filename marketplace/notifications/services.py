"""Writes on notifications: subscribe a browser, set preferences, tell a user (``notify``)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit

from .email import email_deliver, email_language
from .kinds import KINDS
from .models import Notification, NotificationPreference, PushSubscription
from .rendering import notification_render


@transaction.atomic
def push_subscription_save(*, user, endpoint: str, p256dh: str, auth: str, user_agent: str = "") -> PushSubscription:
    """Remember a browser's push endpoint for ``user`` (a browser that changes hands moves with it)."""
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
    allowed = {field.name for field in NotificationPreference._meta.fields if field.name.startswith("push_")}
    unknown = set(flags) - allowed
    if unknown:
        raise ValidationError(_("Unknown preferences: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for name, value in flags.items():
        setattr(preference, name, bool(value))
    preference.save()
    return preference


def notify(
    user, kind: str, context: dict | None = None, *, url: str = "", email: str = "", reply_to: list[str] | None = None,
) -> Notification | None:
    """Tell ``user`` about ``kind``: the inbox, Web Push and e-mail, as the kind says (``kinds.KINDS``).

    Everything is written from ``templates/notifications/<kind>/`` in the user's language. Returns
    the inbox row (None for an e-mail-only kind). ``email`` sends the e-mail to another address of
    theirs (the one an order was placed with). Call it from a job or after commit: the e-mail
    leaves at once. ``reply_to`` sets the e-mail's Reply-To (a ticket's own reply address).
    """
    spec = KINDS[kind]
    language = email_language(user=user)
    rendered = notification_render(kind, context or {}, language=language, recipient=user)
    notification = None
    if spec.inbox:
        notification = notification_create(
            user=user, kind=spec.inbox, title=rendered.subject, body=rendered.short, url=url,
        )
    if spec.email and (email or user.email):
        _deliver(email or user.email, rendered, reply_to=reply_to)
    return notification


def notify_email(address: str, kind: str, context: dict | None = None, *, language: str | None = None) -> int:
    """The e-mail part of ``notify`` for someone without an account (a guest's order). Returns 1 if sent."""
    language = language or email_language(email=address)
    return _deliver(address, notification_render(kind, context or {}, language=language))


def _deliver(address: str, rendered, *, reply_to: list[str] | None = None) -> int:
    return email_deliver(
        to=address, subject=rendered.subject, text=rendered.text, html=rendered.html, language=rendered.language,
        reply_to=reply_to,
    )


@transaction.atomic
def notification_create(*, user, kind: str, title: str, body: str, url: str = "") -> Notification:
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
