"""Writes on accounts. Doors (admin, web views, APIs, tasks) call these, never the ORM directly."""

from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace.administration.roles import CUSTOMER
from marketplace.administration.services import role_assign
from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.ratelimit import rate_limited
from marketplace.notifications.selectors import sms_confirmed_number
from marketplace.notifications.services import notify, sms_code_send

from .models import EmailCodeDevice, SmsCodeDevice, TwoFactorToken, User, UserProfile

PROFILE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "phone",
        "date_of_birth",
        "is_corporate",
        "company_name",
        "vat_number",
        "address_line1",
        "address_line2",
        "billing_address_line1",
        "billing_address_line2",
        "city",
        "postal_code",
        "country",
    }
)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user (and, through the profile trigger, their profile)."""
    user = User(
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
        username=User.objects._handle_from_email(User.objects.normalize_email(email)),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    profile = user.profile
    if first_name or last_name:
        profile.first_name, profile.last_name = first_name, last_name
        profile.save(update_fields=["first_name", "last_name", "updated_at"])
    return user


@transaction.atomic
def user_profile_update(*, user: User, **fields) -> UserProfile:
    """Validate and save profile fields; ValidationError (by field) and nothing changes on bad input."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {', '.join(sorted(unknown))}")
    profile = UserProfile.objects.select_for_update().get(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


def two_factor_tokens_purge(*, now=None, keep_used_for: timedelta = timedelta(days=1)) -> int:
    """Delete expired e-mail codes, and used ones older than a day. Returns how many went."""
    now = now or timezone.now()
    expired = TwoFactorToken.objects.filter(expires_at__lt=now)
    old_used = TwoFactorToken.objects.filter(used_at__lt=now - keep_used_for)
    deleted = expired.delete()[0] + old_used.delete()[0]
    return deleted


# --- Sign-up, sign-in and two-factor verification ------------------------------------------
# The web views call these now; the API issue's /api/users/register|login|two_factor/ will too.


def account_created(*, user: User) -> None:
    """What every new account opened by a person (not staff) gets, whichever door opened it.

    Today: the Customer role. Sign-up (``account_register``), social sign-up (the allauth
    adapters) and the demo seed call this; nobody assigns the role on their own.
    """
    role_assign(user=user, slug=CUSTOMER)


def account_register(*, request, email: str, password: str, first_name: str = "", last_name: str = "") -> User | None:
    """Open a buyer account and e-mail the verification link.

    When the address already has an account nothing is created and its owner is told by
    e-mail instead; the caller shows the same "check your inbox" page either way, so the
    form never reveals who is registered. Raises ValidationError for a weak password.
    """
    email = User.objects.normalize_email(email)
    validate_password(password, user=User(email=email, first_name=first_name, last_name=last_name))
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the same work as a new account, so the answer takes as long
        get_adapter(request).send_account_already_exists_mail(email)
        return None
    with transaction.atomic():
        user = user_create(email=email, password=password, first_name=first_name, last_name=last_name)
        account_created(user=user)
        language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
        UserProfile.objects.filter(user=user).update(language=language)
        user.profile.language = language
        address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    send_verification_email_to_address(request, address, signup=True)
    return user


def account_language_remember(*, user: User, language: str) -> None:
    """Keep the language the person last used on the site: their e-mails are written in it."""
    if language in {code for code, _name in settings.LANGUAGES}:
        UserProfile.objects.filter(user=user).exclude(language=language).update(language=language)


def account_password_reset_request(*, email: str) -> None:
    """Queue a reset e-mail for every active account of ``email`` that has a password.

    The mail is made and sent by a django-q2 job after commit, so the answer takes as long
    for a known address as for an unknown one; the job gets the user's id only and makes the
    token itself: no reset token ever sits in the job table.
    """
    for user in User.objects.filter(email__iexact=User.objects.normalize_email(email), is_active=True):
        if user.has_usable_password():
            enqueue_after_commit("marketplace.accounts.tasks.send_password_reset", user.pk)


def account_password_reset_send(*, user_id: int) -> int:
    """E-mail ``user_id`` a fresh password-reset link (the job's work). Returns 1 if sent."""
    user = User.objects.filter(pk=user_id, is_active=True).select_related("profile").first()
    if user is None or not user.has_usable_password():
        return 0
    path = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    notify(user, "password_reset", {"email": user.email, "reset_url": settings.SITE_URL + path})
    return 1


def account_authenticate(*, request, email: str, password: str) -> User | None:
    """The user for this e-mail and password, or None (wrong, inactive or locked out by axes)."""
    return authenticate(request=request, email=User.objects.normalize_email(email), username=User.objects.normalize_email(email), password=password)


def account_email_verified(*, user: User) -> bool:
    """False only while a self-registered address awaits its confirmation link.

    Accounts made by staff or by `seed_demo` carry no pending address and may sign in.
    """
    return not EmailAddress.objects.filter(user=user, primary=True, verified=False).exists()


def two_factor_devices(*, user: User) -> list:
    """The user's confirmed second factors (TOTP apps, backup codes, e-mail or SMS codes)."""
    return list(devices_for_user(user, confirmed=True))


def two_factor_verify(*, user: User, code: str):
    """The device that accepts ``code`` (and consumes it), or None. Each code works once."""
    code = (code or "").replace(" ", "").strip()
    if not code:
        return None
    for device in two_factor_devices(user=user):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            return device
    return None


def two_factor_email_code_send(*, user: User) -> None:
    """E-mail a fresh one-time code to a user who has an e-mail code device."""
    device = EmailCodeDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return
    _two_factor_code_mail(user=user, code=device.issue_code())


def _two_factor_code_mail(*, user: User, code: str) -> None:
    notify(user, "two_factor_code", {"code": code, "minutes": settings.OTP_EMAIL_CODE_MINUTES})


def two_factor_totp_start(*, user: User):
    """A new, unconfirmed authenticator-app device (replacing an unfinished one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


@transaction.atomic
def two_factor_totp_confirm(*, user: User, device_id: int, code: str) -> list[str] | None:
    """Activate the app device when ``code`` matches; returns fresh backup codes, or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, pk=device_id, confirmed=False).first()
    if device is None or not device.verify_token((code or "").replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return two_factor_backup_codes_regenerate(user=user)


@transaction.atomic
def two_factor_backup_codes_regenerate(*, user: User, count: int = 10) -> list[str]:
    """Replace the user's backup codes; each works once. Returned in clear only now."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Backup codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_email_enable(*, user: User):
    """Turn e-mail codes on. Doors call it only once the session is verified or the inbox proven."""
    device, _created = EmailCodeDevice.objects.get_or_create(user=user, defaults={"name": "E-mail", "confirmed": True})
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def two_factor_enrolment_code_send(*, user: User) -> None:
    """Before a first second factor is trusted, e-mail a code to the account's own address.

    A password alone (perhaps a stolen one) must not be enough to enrol the device that will
    later open the back office: whoever enrols first shows they read the account's inbox. The
    code lives on a not-yet-confirmed e-mail device, so it cannot sign anybody in by itself.
    """
    device, _created = EmailCodeDevice.objects.get_or_create(user=user, defaults={"name": "E-mail", "confirmed": False})
    code = device.issue_code()
    _two_factor_code_mail(user=user, code=code)


def two_factor_enrolment_code_verify(*, user: User, code: str) -> bool:
    """True when ``code`` is the enrolment code last e-mailed to ``user`` (it is used up)."""
    device = EmailCodeDevice.objects.filter(user=user).first()
    code = (code or "").replace(" ", "").strip()
    return bool(device is not None and code and device.verify_token(code))


# --- Codes by SMS: the alternative to e-mailed codes ------------------------------------------
SMS_CODE_RESEND_SECONDS = 60
SMS_CODES_PER_HOUR = 5  # per person: each SMS costs money, and a flood of codes helps nobody
EMAIL, SMS = "email", "sms"


def two_factor_code_channel(*, user: User) -> str:
    """How this person's codes come: "sms", "email", or "" (no code device; an app or backup codes only)."""
    if SmsCodeDevice.objects.filter(user=user, confirmed=True).exists():
        return SMS
    if EmailCodeDevice.objects.filter(user=user, confirmed=True).exists():
        return EMAIL
    return ""


@transaction.atomic
def two_factor_code_channel_set(*, user: User, channel: str):
    """Codes by e-mail or by SMS: one of the two is on, the other off. Returns the device now on.

    SMS only to a mobile number confirmed by an SMS code (``sms_phone_missing`` otherwise). Doors
    call it only once the session is verified or the inbox proven, as for ``two_factor_email_enable``.
    """
    if channel == SMS:
        if not sms_confirmed_number(user=user):
            raise ValidationError(
                _("Confirm a mobile number by SMS first; then codes can come by SMS."), code="sms_phone_missing"
            )
        device, _created = SmsCodeDevice.objects.get_or_create(user=user, defaults={"name": "SMS", "confirmed": True})
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        EmailCodeDevice.objects.filter(user=user, confirmed=True).update(confirmed=False)
        return device
    if channel == EMAIL:
        SmsCodeDevice.objects.filter(user=user).delete()
        return two_factor_email_enable(user=user)
    raise ValidationError(_("Choose e-mail or SMS."), code="invalid")


def two_factor_sms_code_send(*, user: User) -> SmsCodeDevice | None:
    """Text a fresh sign-in code to the confirmed number of a user whose codes come by SMS.

    None when SMS codes are off. At most one a minute and five an hour per person
    (``rate_limited``); ``sms_phone_missing`` when the number is no longer confirmed. The code
    leaves at once (no quiet hours); the SMS job keeps no copy of it once sent.
    """
    device = SmsCodeDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    if not sms_confirmed_number(user=user):
        raise ValidationError(
            _("There is no confirmed mobile number on this account any more."), code="sms_phone_missing"
        )
    latest = TwoFactorToken.objects.filter(user=user).order_by("-created_at").values_list("created_at", flat=True).first()
    if latest and (timezone.now() - latest).total_seconds() < SMS_CODE_RESEND_SECONDS:
        raise ValidationError(_("Please wait a minute before asking for another code."), code="rate_limited")
    if rate_limited(scope="two_factor_sms", key=str(user.pk), limit=SMS_CODES_PER_HOUR, period=3600):
        raise ValidationError(_("Too many codes were asked for; try again in an hour."), code="rate_limited")
    with transaction.atomic():
        code = device.issue_code()
        language = UserProfile.objects.filter(user=user).values_list("language", flat=True).first() or settings.LANGUAGE_CODE
        with translation.override(language):
            text = _("SNOBISTIC: your sign-in code is %(code)s. It is valid for %(minutes)s minutes. Do not share it.") % {
                "code": code, "minutes": device.code_minutes(),
            }
        sms_code_send(user=user, kind="two_factor_code", text=text)
    return device


def two_factor_code_send(*, user: User) -> str:
    """Send a fresh code by the person's chosen channel; returns it ("sms", "email" or "" for none).

    When SMS is chosen but the number has since been removed or changed, codes go back to e-mail
    (to the account's own address) rather than lock the person out: only a verified session can
    remove the number, so this opens nothing to someone who has the password alone.
    Raises ValidationError ``rate_limited`` for SMS asked for too often.
    """
    channel = two_factor_code_channel(user=user)
    if channel == SMS:
        try:
            two_factor_sms_code_send(user=user)
        except ValidationError as exc:
            if exc.code != "sms_phone_missing":
                raise
            two_factor_code_channel_set(user=user, channel=EMAIL)
            channel = EMAIL
        else:
            return SMS
    if channel == EMAIL:
        two_factor_email_code_send(user=user)
    return channel
