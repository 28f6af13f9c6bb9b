from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.administration.models import validate_shipping_price_overrides
from marketplace.common.models import TimeStampedModel
from marketplace.common.validators import (
    normalize_ro_trade_register,
    validate_iban,
    validate_ro_trade_register,
    validate_ro_vat,
)


class VendorProfile(TimeStampedModel):
    """A boutique or private seller. Sells only once staff have approved the application."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vendor_profile", verbose_name=_("user")
    )
    shop_name = models.CharField(_("shop name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=255)
    vat_number = models.CharField(
        _("VAT number (CUI)"),
        max_length=32,
        blank=True,
        validators=[validate_ro_vat],
        help_text=_("Required for companies; a private seller may leave it empty."),
    )
    trade_register_number = models.CharField(
        _("trade register number"),
        max_length=20,
        blank=True,
        validators=[validate_ro_trade_register],
        help_text=_("J40/1234/2020, or J2024001234408 as written since 2024. Printed on invoices."),
    )
    registered_address = models.CharField(
        _("registered address"), max_length=255, blank=True, help_text=_("The seat of the company, printed on invoices.")
    )
    vat_payer = models.BooleanField(
        _("VAT payer"), default=False, help_text=_("Registered for VAT: its invoices add VAT and its CUI starts with RO.")
    )
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    shipping_prices = models.JSONField(
        _("own shipping prices (lei)"),
        default=dict,
        blank=True,
        validators=[validate_shipping_price_overrides],
        help_text=_("Only the delivery methods this shop prices differently from the platform, e.g. {\"courier\": \"19,90\"}."),
    )
    is_private_seller = models.BooleanField(
        _("private seller"), default=False, help_text=_("A person selling their own pieces, not a boutique.")
    )
    description = models.TextField(_("about the shop"), blank=True)
    # The buyers' rating of the shop, kept current by the reviews context (visible reviews only):
    # read with the shop's row on product pages, the shop page and catalogue cards.
    rating_average = models.DecimalField(_("rating"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    rating_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["shop_name"]
        permissions = [
            ("can_view_vendor_dashboard", _("Can view the vendor dashboard")),
            ("can_edit_vendor_profile", _("Can edit the vendor profile")),
            ("approve_vendor", _("Can approve or suspend vendors")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_private_seller=True) | ~models.Q(vat_number=""),
                name="vendors_company_has_vat",
                violation_error_message=_("A company shop needs a VAT number (CUI)."),
            ),
        ]

    def __str__(self) -> str:
        return self.shop_name

    def clean(self) -> None:
        if not self.is_private_seller and not self.vat_number:
            raise ValidationError({"vat_number": _("A company shop needs a VAT number (CUI).")}, code="vat_required")
        if self.vat_payer and not self.vat_number.upper().startswith("RO"):
            raise ValidationError({"vat_number": ValidationError(
                _("A VAT payer's fiscal code starts with RO, e.g. RO18547290."), code="vat_payer_needs_ro"
            )})
        if self.trade_register_number:
            self.trade_register_number = normalize_ro_trade_register(self.trade_register_number)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
