import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from marketplace.common.models import TimeStampedModel
from marketplace.common.validators import (
    normalize_ro_phone,
    normalize_ro_vat,
    validate_ro_postal_code,
)

from .managers import UserManager


class User(AbstractUser):
    """A person with an account: buyer, vendor or staff. Signs in with their e-mail."""

    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def __str__(self) -> str:
        return self.email

    def has_role(self, slug: str) -> bool:
        """True when the user belongs to the group of the role with this slug."""
        cache = getattr(self, "_role_slugs", None)
        if cache is None:
            cache = set(self.groups.filter(role__isnull=False).values_list("role__slug", flat=True))
            self._role_slugs = cache
        return slug in cache


class UserProfile(TimeStampedModel):
    """What a buyer keeps on file: contact, addresses, invoicing data and saved sizes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("Romanian number, e.g. 0722 123 456.")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    is_corporate = models.BooleanField(_("company account"), default=False)
    company_name = models.CharField(_("company name"), max_length=255, blank=True)
    vat_number = models.CharField(_("VAT number (CUI)"), max_length=32, blank=True)
    address_line1 = models.CharField(_("address"), max_length=255, blank=True)
    address_line2 = models.CharField(_("address, line 2"), max_length=255, blank=True)
    billing_address_line1 = models.CharField(_("billing address"), max_length=255, blank=True)
    billing_address_line2 = models.CharField(_("billing address, line 2"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="RO", help_text=_("ISO code, e.g. RO."))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ro",
        help_text=_("The language of the e-mails this person receives; the one they last used on the site."),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_corporate=True, vat_number=""),
                name="accounts_profile_corporate_has_vat",
                violation_error_message=_("A company account needs a VAT number (CUI)."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        self.country = (self.country or "RO").upper()
        if self.phone:
            try:
                self.phone = normalize_ro_phone(self.phone)
            except ValidationError as exc:
                errors["phone"] = exc
        if self.postal_code and self.country == "RO":
            try:
                validate_ro_postal_code(self.postal_code)
            except ValidationError as exc:
                errors["postal_code"] = exc
        if self.is_corporate and not self.vat_number:
            errors["vat_number"] = ValidationError(
                _("A company account needs a VAT number (CUI)."), code="vat_required"
            )
        elif self.vat_number and self.country == "RO":
            try:
                self.vat_number = normalize_ro_vat(self.vat_number)
            except ValidationError as exc:
                errors["vat_number"] = exc
        if errors:
            raise ValidationError(errors)


class TwoFactorToken(models.Model):
    """A one-time code sent by e-mail. Only a hash of the code is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="two_factor_tokens", verbose_name=_("user")
    )
    token = models.CharField(_("code hash"), max_length=128)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("two-factor code")
        verbose_name_plural = _("two-factor codes")
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_2fa_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class MessageCodeDevice(ThrottlingMixin, Device):
    """A django-otp device that sends a six-digit code in a message, kept hashed as a TwoFactorToken.

    Codes expire (``code_minutes()``), work once, and a new one makes the earlier unused ones of the
    person stop working; wrong guesses slow the device down (django-otp's throttling). Each kind
    hashes with its own salt, so a code sent by e-mail never opens the SMS device, and the other way round.
    """

    hash_salt = ""

    class Meta(Device.Meta):
        abstract = True

    def get_throttle_factor(self) -> int:
        return 1

    @classmethod
    def code_minutes(cls) -> int:
        raise NotImplementedError

    @classmethod
    def hash_code(cls, user_id: int, code: str) -> str:
        return salted_hmac(cls.hash_salt, f"{user_id}:{code}", algorithm="sha256").hexdigest()

    def issue_code(self) -> str:
        """Make a new code (earlier unused ones stop working) and return it in clear, once."""
        now = timezone.now()
        TwoFactorToken.objects.filter(user_id=self.user_id, used_at__isnull=True).update(expires_at=now)
        code = f"{secrets.randbelow(1_000_000):06d}"
        TwoFactorToken.objects.create(
            user_id=self.user_id,
            token=self.hash_code(self.user_id, code),
            expires_at=now + timedelta(minutes=self.code_minutes()),
        )
        return code

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        code = str(token).strip()
        now = timezone.now()
        with transaction.atomic():
            used = TwoFactorToken.objects.filter(
                user_id=self.user_id,
                token=self.hash_code(self.user_id, code),
                used_at__isnull=True,
                expires_at__gt=now,
            ).update(used_at=now)  # one UPDATE: two racing requests cannot both use the code
        if used:
            self.throttle_reset(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class EmailCodeDevice(MessageCodeDevice):
    """Codes by e-mail to the account's address (``OTP_EMAIL_CODE_MINUTES``); how many may be sent
    is rate-limited by the view."""

    hash_salt = "snobistic.2fa.email"

    class Meta(MessageCodeDevice.Meta):
        verbose_name = _("e-mail code device")
        verbose_name_plural = _("e-mail code devices")

    @classmethod
    def code_minutes(cls) -> int:
        return settings.OTP_EMAIL_CODE_MINUTES


class SmsCodeDevice(MessageCodeDevice):
    """Codes by SMS to the person's mobile number confirmed by an SMS code (notifications' SmsPhone).

    Sent through the notifications SMS provider, at once (a code someone asked for is never held
    back by quiet hours); how many may be sent is limited by ``two_factor_sms_code_send``.
    """

    hash_salt = "snobistic.2fa.sms"
    CODE_MINUTES = 5  # an SMS arrives in seconds: a shorter life than the e-mailed code

    class Meta(MessageCodeDevice.Meta):
        verbose_name = _("SMS code device")
        verbose_name_plural = _("SMS code devices")

    @classmethod
    def code_minutes(cls) -> int:
        return cls.CODE_MINUTES


class ApiToken(models.Model):
    """A bearer token for the partner API (apps and integrations), issued at sign-in, revocable.

    Only a hash of the secret is stored; the person sees the secret once, when it is issued.
    ``prefix`` (the secret's first characters) lets them recognise a token on the account page.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("starts with"), max_length=12)
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_apitoken_user")]

    def __str__(self) -> str:
        return f"{self.prefix}… · {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
