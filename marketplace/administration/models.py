"""The seed's ``administration`` models: platform settings and roles.

They lived in ``backoffice`` until issue 12; ``db_table`` keeps their tables (and the constraint
names keep theirs), so moving them changed no row.
"""

from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel
from marketplace.common.money import MoneyFormatError, parse_money

from .bid_table import DEFAULT_BID_INCREMENTS, parse_bid_increments

DEFAULT_AUCTION_DURATION_HOURS = [24, 72, 120, 168, 240]
MAX_AUCTION_DURATION_HOURS = 30 * 24


def default_auction_durations() -> list[int]:
    return list(DEFAULT_AUCTION_DURATION_HOURS)


def validate_auction_durations(value) -> None:
    if (
        not isinstance(value, list)
        or not value
        or any(not isinstance(h, int) or isinstance(h, bool) for h in value)
    ):
        raise ValidationError(_("Give at least one duration, in whole hours."), code="invalid")
    if any(h < 1 or h > MAX_AUCTION_DURATION_HOURS for h in value):
        raise ValidationError(
            _("Each duration must be between 1 and %(max)s hours."),
            code="out_of_range",
            params={"max": MAX_AUCTION_DURATION_HOURS},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A duration is listed twice."), code="duplicate")


def default_bid_increments() -> list[list[str]]:
    return [list(row) for row in DEFAULT_BID_INCREMENTS]


def validate_bid_increments(value) -> None:
    parse_bid_increments(value)


# Shipping, per delivery method, charged once per shop (a shop may set its own): method -> lei.
DEFAULT_SHIPPING_PRICES = {"courier": "25.00", "locker": "15.00", "pickup": "0.00"}


def default_shipping_prices() -> dict[str, str]:
    return dict(DEFAULT_SHIPPING_PRICES)


def parse_shipping_prices(value, *, allow_empty: bool = False) -> dict[str, Decimal]:
    """{method: amount} in Decimal; ValidationError unless every method is a code and every amount >= 0."""
    invalid = ValidationError(
        _("Give a price in lei, 0 or more, for each delivery method (courier, locker, pickup)."), code="invalid"
    )
    if not isinstance(value, dict) or (not value and not allow_empty):
        raise invalid
    prices = {}
    for method, amount in value.items():
        if not isinstance(method, str) or not method.isidentifier() or isinstance(amount, bool | float):
            raise invalid
        try:
            prices[method] = parse_money(amount)
        except MoneyFormatError as exc:
            raise invalid from exc
        if prices[method] < 0:
            raise invalid
    return prices


def validate_shipping_prices(value) -> None:
    parse_shipping_prices(value)


def validate_shipping_price_overrides(value) -> None:
    parse_shipping_prices(value, allow_empty=True)


class PlatformSettings(TimeStampedModel):
    """The typed, platform-wide settings. One row (pk 1); read through ``platform_settings()``."""

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)
    commission_percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Taken from each sale, before the vendor is paid. Between 0 and 100."),
    )
    return_days = models.PositiveSmallIntegerField(
        _("return window (days)"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("Days after delivery during which a buyer may return an item."),
    )
    shipping_days = models.PositiveSmallIntegerField(
        _("shipping deadline (days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Days a vendor has to ship a paid order before it is cancelled."),
    )
    return_answer_days = models.PositiveSmallIntegerField(
        _("return answer deadline (days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Days a vendor has to accept or refuse a return request before the team decides."),
    )
    auction_duration_hours = models.JSONField(
        _("allowed auction durations (hours)"),
        default=default_auction_durations,
        validators=[validate_auction_durations],
    )
    soft_close_minutes = models.PositiveSmallIntegerField(
        _("soft close (minutes)"),
        default=2,
        validators=[MaxValueValidator(60)],
        help_text=_("A bid in the last N minutes extends the auction by N minutes. 0 turns it off."),
    )
    bid_increments = models.JSONField(
        _("bid increments (lei)"),
        default=default_bid_increments,
        validators=[validate_bid_increments],
        help_text=_("From each amount upwards, the least a new bid must add. A listing's own larger increment wins."),
    )
    auction_payment_hours = models.PositiveSmallIntegerField(
        _("auction payment deadline (hours)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_("Hours an auction winner has to pay before the lot goes to the next bidder."),
    )
    shipping_prices = models.JSONField(
        _("shipping prices (lei)"),
        default=default_shipping_prices,
        validators=[validate_shipping_prices],
        help_text=_("Per delivery method, charged once per shop; a shop may have its own prices."),
    )

    class Meta:
        db_table = "backoffice_platformsettings"
        verbose_name = _("platform settings")
        verbose_name_plural = _("platform settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="backoffice_settings_singleton"),
            models.CheckConstraint(
                condition=models.Q(commission_percent__gte=0, commission_percent__lte=100),
                name="backoffice_settings_commission_0_100",
            ),
            models.CheckConstraint(condition=models.Q(shipping_days__gte=1), name="backoffice_settings_shipping_days_min"),
        ]

    def __str__(self) -> str:
        return str(_("Platform settings"))


class PlatformSettingEntry(TimeStampedModel):
    """The seed's free key/value rows, for settings that have no typed field (yet)."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    value = models.JSONField(_("value"))
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        db_table = "backoffice_platformsettingentry"
        verbose_name = _("setting (key/value)")
        verbose_name_plural = _("settings (key/value)")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Role(TimeStampedModel):
    """A named set of permissions, mirrored 1:1 by an ``auth.Group`` that users join."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Stable identifier used by the code."))
    description = models.CharField(_("description"), max_length=255, blank=True)
    permissions = models.ManyToManyField(
        Permission, blank=True, related_name="roles", verbose_name=_("permissions")
    )
    group = models.OneToOneField(
        Group, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="role",
        verbose_name=_("group"),
    )

    class Meta:
        db_table = "backoffice_role"
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
