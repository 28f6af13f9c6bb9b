"""Writes on notifications: subscribe a browser, set preferences, tell a user (``notify``)."""

import datetime as dt
import hashlib
import hmac
import secrets

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.ratelimit import rate_limited

from .email import email_deliver, email_language
from .kinds import (
    CHANNEL_LABELS,
    CHANNELS,
    EMAIL,
    INBOX,
    KINDS,
    PREFERENCES,
    PUSH,
    SMS,
    VENDOR_KINDS,
    channel_on,
    preference_kind,
    sms_wanted,
)
from .models import (
    Notification,
    NotificationKind,
    NotificationOnce,
    NotificationPreference,
    PushSubscription,
    SmsMessage,
    SmsPhone,
)
from .quiet import QUIET_HOURS_KEY, enqueue_outside_quiet_hours, quiet_hours_on
from .rendering import notification_render
from .unsubscribe import unsubscribe_allowed, unsubscribe_headers, unsubscribe_token_read, unsubscribe_url


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


PUSH_SWITCHES = {"push_outbid": "outbid", "push_auction_won": "auction_won", "push_price_drop": "price_drop"}


@transaction.atomic
def notification_preferences_update(*, user, **flags: bool) -> NotificationPreference:
    """The PWA's three push switches (``push_outbid``, ``push_auction_won``, ``push_price_drop``)."""
    unknown = set(flags) - set(PUSH_SWITCHES)
    if unknown:
        raise ValidationError(_("Unknown preferences: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    channels = dict(preference.channels or {})
    for name, value in flags.items():
        kind = PUSH_SWITCHES[name]
        channels[kind] = {**channels.get(kind, {}), PUSH: bool(value)}
    preference.channels = channels
    preference.save()
    return preference


@transaction.atomic
def notification_channels_update(
    *, user, chosen: dict[str, set[str]], kinds=None, quiet_hours: bool | None = None,
) -> NotificationPreference:
    """Save the preferences page: for each kind in ``kinds`` (all by default), the channels ``chosen`` are on.

    Locked channels stay on and channels a kind does not offer stay off, whatever was sent.
    ``quiet_hours`` (None: unchanged) holds push and SMS back between 22:00 and 08:00.
    """
    unknown = set(chosen) - set(PREFERENCES)
    if unknown or any(set(channels) - set(CHANNELS) for channels in chosen.values()):
        raise ValidationError(_("Unknown notification kind or channel."), code="preference_unknown")
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    channels = dict(preference.channels or {})
    for kind in kinds if kinds is not None else PREFERENCES:
        spec = PREFERENCES[kind]
        on = set(chosen.get(kind, set()))
        channels[kind] = {channel: channel in on for channel in sorted(spec.offered - spec.locked)}
    if quiet_hours is not None:
        channels[QUIET_HOURS_KEY] = bool(quiet_hours)
    preference.channels = channels
    preference.save()
    return preference


@transaction.atomic
def notification_preferences_set(
    *, user, kinds: dict[str, dict[str, bool]] | None = None, quiet_hours: bool | None = None, vendor: bool = False,
) -> NotificationPreference:
    """The storefront API's update: each given kind's given channels on or off, quiet hours on or off.

    What is not given stays as it was. The kinds are those of the preferences page (a shop's kinds
    only for a vendor). Refused as a whole, field by field (``kinds.<kind>.<channel>``): a kind not
    offered to this person (``preference_unknown``), a channel the kind does not use
    (``channel_not_offered``), turning off a channel the kind must keep (``channel_locked``).
    """
    errors: dict[str, ValidationError] = {}
    for kind, wanted in (kinds or {}).items():
        spec = PREFERENCES.get(kind)
        if spec is None or (kind in VENDOR_KINDS and not vendor):
            errors[f"kinds.{kind}"] = ValidationError(_("There are no notices of this kind to choose."), code="preference_unknown")
            continue
        for channel, on in wanted.items():
            label = {"kind": _kind_label(kind), "channel": CHANNEL_LABELS.get(channel, channel)}
            if channel not in spec.offered:
                errors[f"kinds.{kind}.{channel}"] = ValidationError(
                    _("%(kind)s notices do not come by %(channel)s.") % label, code="channel_not_offered"
                )
            elif channel in spec.locked and not on:
                errors[f"kinds.{kind}.{channel}"] = ValidationError(
                    _("%(kind)s notices always come by %(channel)s: this one cannot be turned off.") % label,
                    code="channel_locked",
                )
    if errors:
        raise ValidationError(errors)
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    channels = dict(preference.channels or {})
    for kind, wanted in (kinds or {}).items():
        spec = PREFERENCES[kind]
        channels[kind] = {**channels.get(kind, {}), **{ch: bool(on) for ch, on in wanted.items() if ch not in spec.locked}}
    if quiet_hours is not None:
        channels[QUIET_HOURS_KEY] = bool(quiet_hours)
    preference.channels = channels
    preference.save()
    return preference


def _kind_label(kind: str) -> str:
    return str(NotificationKind(kind).label)


def notification_unsubscribe(*, token: str):
    """One-click unsubscribe: the token's kind stops coming by e-mail. Returns (user, kind)."""
    found = unsubscribe_token_read(token)
    user = get_user_model().objects.filter(pk=found[0], is_active=True).first() if found else None
    if user is None:
        raise ValidationError(_("This unsubscribe link is not valid."), code="unsubscribe_invalid")
    kind = found[1]
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        channels = dict(preference.channels or {})
        channels[kind] = {**channels.get(kind, {}), EMAIL: False}
        preference.channels = channels
        preference.save()
    return user, kind


def notification_once_claim(*, user, key: str) -> bool:
    """True the first time ``key`` is claimed for ``user`` (a notice to send once); False ever after."""
    try:
        with transaction.atomic():
            NotificationOnce.objects.create(user=user, key=key[:100])
    except IntegrityError:
        return False
    return True


def _channels_of(user) -> dict:
    if user is None or not getattr(user, "pk", None):
        return {}
    return NotificationPreference.objects.filter(user=user).values_list("channels", flat=True).first() or {}


def notify(
    user, kind: str, context: dict | None = None, *, url: str = "", email: str = "", reply_to: list[str] | None = None,
) -> Notification | None:
    """Tell ``user`` about ``kind``: the inbox, Web Push, e-mail and SMS, as the kind and their preferences say.

    ``kinds.KINDS`` names the kind's inbox kind, which picks the person's preferences
    (``kinds.PREFERENCES``: kind × channel, defaults, locked channels). SMS only for the urgent kinds
    (``kinds.SMS_RULES``) and only to a confirmed number; push and SMS wait for 08:00 in quiet
    hours (``quiet``). E-mails of kinds that allow it carry a one-click unsubscribe (RFC 8058).

    Everything is written from ``templates/notifications/<kind>/`` in the user's language. Returns
    the inbox row (None for an e-mail-only kind, or an inbox turned off). ``email`` sends the e-mail
    to another address of theirs (the one an order was placed with). Call it from a job or after
    commit: the e-mail leaves at once. ``reply_to`` sets the e-mail's Reply-To (a ticket's own reply address).
    """
    spec = KINDS[kind]
    context = context or {}
    channels = _channels_of(user)
    group = spec.inbox
    wants = {channel: channel_on(channels, group, channel) for channel in CHANNELS} if group else {}
    address = email or user.email
    unsubscribe = unsubscribe_url(user_id=user.pk, kind=group) if group and unsubscribe_allowed(group) else ""
    language = email_language(user=user)
    rendered = notification_render(kind, {**context, "unsubscribe_url": unsubscribe}, language=language, recipient=user)
    notification = None
    if group and wants[INBOX]:
        notification = notification_create(
            user=user, kind=group, title=rendered.subject, body=rendered.short, url=url, push=wants[PUSH],
            quiet=quiet_hours_on(channels),
        )
    if spec.email and address and (not group or wants[EMAIL]):
        _deliver(address, rendered, reply_to=reply_to, headers=unsubscribe_headers(unsubscribe) if unsubscribe else None)
    if sms_wanted(kind, context) and (not group or wants[SMS]):
        sms_queue(user=user, kind=kind, text=" ".join(filter(None, [f"{rendered.subject}.", rendered.short])),
                  quiet=quiet_hours_on(channels))
    return notification


def notify_email(
    address: str, kind: str, context: dict | None = None, *, language: str | None = None, user=None,
) -> int:
    """The e-mail part of ``notify``: for someone without an account (a guest's order), or, with
    ``user``, an e-mail alone that follows their preferences (chat's unread-messages e-mail). Returns 1 if sent."""
    group = preference_kind(kind)
    unsubscribe = ""
    if user is not None and group:
        if not channel_on(_channels_of(user), group, EMAIL):
            return 0
        unsubscribe = unsubscribe_url(user_id=user.pk, kind=group) if unsubscribe_allowed(group) else ""
    language = language or email_language(email=address)
    rendered = notification_render(kind, {**(context or {}), "unsubscribe_url": unsubscribe}, language=language, recipient=user)
    return _deliver(address, rendered, headers=unsubscribe_headers(unsubscribe) if unsubscribe else None)


def _deliver(address: str, rendered, *, reply_to: list[str] | None = None, headers: dict | None = None) -> int:
    return email_deliver(
        to=address, subject=rendered.subject, text=rendered.text, html=rendered.html, language=rendered.language,
        reply_to=reply_to, headers=headers,
    )


@transaction.atomic
def notification_create(
    *, user, kind: str, title: str, body: str, url: str = "", push: bool | None = None, quiet: bool | None = None,
) -> Notification:
    """Put a notification in the user's inbox and, if they allow it, push it to their browsers (a job).

    ``push`` and ``quiet`` (quiet hours on) are what ``notify`` already read from the preferences; None reads them here.
    """
    notification = Notification.objects.create(user=user, kind=kind, title=title[:120], body=body[:300], url=url[:300])
    if push is None or quiet is None:
        channels = _channels_of(user)
        push = channel_on(channels, kind, PUSH) if push is None else push
        quiet = quiet_hours_on(channels) if quiet is None else quiet
    if push and PushSubscription.objects.filter(user=user).exists():
        enqueue_outside_quiet_hours("marketplace.notifications.tasks.push_notification", notification.pk, quiet=quiet)
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
def sms_code_send(*, user, kind: str, text: str) -> SmsMessage | None:
    """A code the person just asked for (a sign-in code) as an SMS to their confirmed number, at once.

    Never held back by quiet hours: they are awake, waiting for it. None when no number is confirmed.
    ``kind`` must be one of ``tasks.SMS_CODE_KINDS``: the job blanks the text once it left.
    """
    phone = SmsPhone.objects.filter(user=user, confirmed_at__isnull=False).first()
    if phone is None:
        return None
    message = SmsMessage.objects.create(user=user, number=phone.number, kind=kind, text=text[:300])
    enqueue_after_commit("marketplace.notifications.tasks.send_sms_notification", message.pk)
    return message


@transaction.atomic
def sms_phone_remove(*, user) -> int:
    deleted, _rows = SmsPhone.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def sms_queue(*, user, kind: str, text: str, quiet: bool | None = None) -> SmsMessage | None:
    """An urgent notification as an SMS to ``user``'s confirmed number (none: nothing); 08:00 in quiet hours
    unless the person turned them off (``quiet``: what ``notify`` read; None reads it here)."""
    phone = SmsPhone.objects.filter(user=user, confirmed_at__isnull=False).first()
    if phone is None:
        return None
    if quiet is None:
        quiet = quiet_hours_on(_channels_of(user))
    message = SmsMessage.objects.create(user=user, number=phone.number, kind=kind, text=text[:300])
    later = enqueue_outside_quiet_hours("marketplace.notifications.tasks.send_sms_notification", message.pk, quiet=quiet)
    if later is not None:
        SmsMessage.objects.filter(pk=message.pk).update(send_after=later)
    return message
