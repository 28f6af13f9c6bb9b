"""Writes on notifications: subscribe a browser, set preferences, tell a user (``notify``)."""

import datetime as dt
import hashlib
import hmac
import secrets

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.ratelimit import rate_limited

from .email import email_deliver, email_language
from .kinds import KINDS, sms_wanted
from .models import Notification, NotificationPreference, PushSubscription, SmsMessage, SmsPhone
from .quiet import enqueue_outside_quiet_hours
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
    """Tell ``user`` about ``kind``: the inbox, Web Push, e-mail and SMS, as the kind says (``kinds.KINDS``).

    SMS only for the urgent kinds (``kinds.SMS_RULES``) and only to a confirmed number; push and
    SMS wait for 08:00 in quiet hours (``quiet``).

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
    if sms_wanted(kind, context or {}):
        sms_queue(user=user, kind=kind, text=" ".join(filter(None, [f"{rendered.subject}.", rendered.short])))
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
        enqueue_outside_quiet_hours("marketplace.notifications.tasks.push_notification", notification.pk)
    return notification


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


# --- SMS ------------------------------------------------------------------------------------
SMS_CODE_MINUTES = 10
SMS_CODE_MAX_ATTEMPTS = 5
SMS_CODES_PER_HOUR = 3  # per person, and per number
SMS_RESEND_SECONDS = 60


def _code_hash(user_id: int, number: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"sms:{user_id}:{number}:{code}".encode(), hashlib.sha256).hexdigest()


def sms_number_parse(raw: str) -> str:
    """A mobile number as typed (0712 345 678, +40 712..., 0040...) → E.164; Romania unless a prefix says otherwise."""
    text = (raw or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, "RO")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError({"number": ValidationError(_("Enter a valid mobile phone number."), code="phone_invalid")})
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def sms_phone_start(*, user, number: str) -> SmsPhone:
    """Send a 6-digit code to ``number`` to confirm it (limited: one a minute, three an hour)."""
    e164 = sms_number_parse(number)
    phone = SmsPhone.objects.select_for_update().filter(user=user).first()
    now = timezone.now()
    if phone is not None and phone.code_sent_at and (now - phone.code_sent_at).total_seconds() < SMS_RESEND_SECONDS:
        raise ValidationError(_("Please wait a minute before asking for another code."), code="rate_limited")
    if rate_limited(scope="sms_code_user", key=str(user.pk), limit=SMS_CODES_PER_HOUR, period=3600) or rate_limited(
        scope="sms_code_number", key=e164, limit=SMS_CODES_PER_HOUR, period=3600
    ):
        raise ValidationError(_("Too many codes were asked for; try again in an hour."), code="rate_limited")
    code = f"{secrets.randbelow(1_000_000):06d}"
    if phone is None:
        phone = SmsPhone(user=user)
    phone.number, phone.confirmed_at = e164, None
    phone.code_hash, phone.code_sent_at, phone.code_attempts = _code_hash(user.pk, e164, code), now, 0
    phone.save()
    text = _("SNOBISTIC: your confirmation code is %(code)s. It is valid for %(minutes)s minutes.") % {
        "code": code, "minutes": SMS_CODE_MINUTES,
    }
    message = SmsMessage.objects.create(user=user, number=e164, kind="phone_code", text=text)
    enqueue_after_commit("marketplace.notifications.tasks.send_sms_notification", message.pk)  # not held back at night
    return phone


def sms_phone_confirm(*, user, code: str) -> SmsPhone:
    """Confirm the number with the code sent to it (10 minutes, five tries: a wrong try is counted)."""
    phone, error = _sms_phone_check(user=user, code=code)
    if error is not None:
        raise error  # raised after the commit, so the counted try stays counted
    return phone


@transaction.atomic
def _sms_phone_check(*, user, code: str):
    phone = SmsPhone.objects.select_for_update().filter(user=user).first()
    if phone is None or not phone.code_hash:
        return phone, ValidationError(_("Ask for a code first."), code="no_phone")
    if phone.code_attempts >= SMS_CODE_MAX_ATTEMPTS:
        return phone, ValidationError(_("Too many wrong codes; ask for a new one."), code="rate_limited")
    if timezone.now() - phone.code_sent_at > dt.timedelta(minutes=SMS_CODE_MINUTES):
        return phone, ValidationError(_("The code has expired; ask for a new one."), code="expired")
    if not hmac.compare_digest(phone.code_hash, _code_hash(user.pk, phone.number, (code or "").strip())):
        phone.code_attempts += 1
        phone.save(update_fields=["code_attempts", "updated_at"])
        return phone, ValidationError({"code": ValidationError(_("The code is not right."), code="invalid_code")})
    phone.confirmed_at, phone.code_hash = timezone.now(), ""
    phone.save()
    return phone, None


@transaction.atomic
def sms_phone_remove(*, user) -> int:
    deleted, _rows = SmsPhone.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def sms_queue(*, user, kind: str, text: str) -> SmsMessage | None:
    """An urgent notification as an SMS to ``user``'s confirmed number (none: nothing); 08:00 in quiet hours."""
    phone = SmsPhone.objects.filter(user=user, confirmed_at__isnull=False).first()
    if phone is None:
        return None
    message = SmsMessage.objects.create(user=user, number=phone.number, kind=kind, text=text[:300])
    later = enqueue_outside_quiet_hours("marketplace.notifications.tasks.send_sms_notification", message.pk)
    if later is not None:
        SmsMessage.objects.filter(pk=message.pk).update(send_after=later)
    return message
