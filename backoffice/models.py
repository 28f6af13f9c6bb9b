"""The seed's ``administration`` models: platform settings and roles."""

from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel
from marketplace.common.money import MoneyFormatError, parse_money

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


# Bid increments by price band, in lei: [from amount, increment]. The first band starts at 0.
DEFAULT_BID_INCREMENTS = [["0", "5"], ["100", "10"], ["500", "25"], ["1000", "50"], ["5000", "100"], ["10000", "250"]]


def default_bid_increments() -> list[list[str]]:
    return [list(row) for row in DEFAULT_BID_INCREMENTS]


def parse_bid_increments(value) -> tuple[tuple[Decimal, Decimal], ...]:
    """The table as ((from, increment), ...) in Decimal; ValidationError when it is malformed."""
    invalid = ValidationError(
        _("Give rows of [from amount, increment]; the first starts at 0, amounts rise, increments are positive."),
        code="invalid",
    )
    if not isinstance(value, list) or not value:
        raise invalid
    rows = []
    for row in value:
        if not isinstance(row, list | tuple) or len(row) != 2 or any(isinstance(v, bool | float) for v in row):
            raise invalid
        try:  # the one money parser: "1.000,50", "1000.50"; not "1e3" nor other digits
            start, step = (parse_money(v) for v in row)
        except MoneyFormatError as exc:
            raise invalid from exc
        if step <= 0:
            raise invalid
        rows.append((start, step))
    if rows[0][0] != 0 or any(b[0] <= a[0] for a, b in zip(rows, rows[1:], strict=False)):
        raise invalid
    return tuple(rows)


def validate_bid_increments(value) -> None:
    parse_bid_increments(value)


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

    class Meta:
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
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def import_file_path(instance, filename: str) -> str:
    """A path nobody can guess: uploaded sheets are the vendor's business, not public media."""
    import uuid

    return f"imports/{uuid.uuid4().hex}/{filename}"


class ImportJob(TimeStampedModel):
    """One spreadsheet import, from upload through the dry run to the written listings.

    Checked and written either inside the request (small files) or by a django-q2 job; the
    back office polls ``done``/``total`` for its progress bar.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Waiting to be imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("uploaded by")
    )
    vendor = models.ForeignKey(
        "vendors.VendorProfile",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name=_("shop"),
        help_text=_("A vendor's own shop; for staff, the shop of rows without a vendor column."),
    )
    for_staff = models.BooleanField(_("staff import"), default=False)
    source = models.FileField(_("spreadsheet"), upload_to=import_file_path)
    photos = models.FileField(_("photo archive"), upload_to=import_file_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    photo_errors = models.JSONField(_("photo problems"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("listings created"), default=0)
    photos_added = models.PositiveIntegerField(_("photos added"), default=0)
    task_id = models.CharField(_("job id"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="backoffice_import_done_le_total"),
            models.CheckConstraint(
                condition=models.Q(for_staff=True) | models.Q(vendor__isnull=False), name="backoffice_import_vendor_has_shop"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source.name.rsplit('/', 1)[-1]}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.CONFIRMED, self.Status.IMPORTING)
