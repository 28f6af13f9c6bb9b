"""Authentication requests, their photos, the per-brand checklists, the certificates and the service's price."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel


class ItemCategory(models.TextChoices):
    """What kind of piece it is: it picks the photo guide and the outside service's taxonomy."""

    BAGS = "bags", _("Bags")
    SHOES = "shoes", _("Shoes")
    WATCHES = "watches", _("Watches")
    JEWELLERY = "jewellery", _("Jewellery")
    CLOTHING = "clothing", _("Clothing")
    ACCESSORIES = "accessories", _("Accessories")


class AuthenticitySettings(models.Model):
    """The one row of the service's settings (the price; 0 means free), edited in the staff back office."""

    price = models.DecimalField(
        _("price of an authentication"), max_digits=12, decimal_places=2, default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))], help_text=_("In lei. 0 means the service is free."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("authenticity settings")
        verbose_name_plural = _("authenticity settings")
        constraints = [models.CheckConstraint(condition=models.Q(price__gte=0), name="authenticity_price_not_negative")]

    def __str__(self) -> str:
        return str(_("Authenticity settings"))


class BrandChecklist(TimeStampedModel):
    """What an expert checks for a brand (one point a line); the checklist without a brand is the default."""

    brand = models.OneToOneField(
        "products.Brand", on_delete=models.CASCADE, null=True, blank=True, related_name="authenticity_checklist",
        verbose_name=_("brand"),
    )
    points = models.TextField(_("points to check"), help_text=_("One point per line."))

    class Meta:
        verbose_name = _("brand checklist")
        verbose_name_plural = _("brand checklists")

    def __str__(self) -> str:
        return str(self.brand) if self.brand_id else str(_("Any brand"))

    @property
    def point_list(self) -> list[str]:
        return [line.strip() for line in self.points.splitlines() if line.strip()]


class AuthenticationRequest(TimeStampedModel):
    """A piece to authenticate: sent by a guest (confirmed by e-mail) or by a vendor for a listing."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        AWAITING_PAYMENT = "awaiting_payment", _("Waiting for payment")
        PENDING = "pending", _("In review")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")

    class Verdict(models.TextChoices):
        GENUINE = "genuine", _("Genuine")
        NOT_GENUINE = "not_genuine", _("Not genuine")
        CANNOT_TELL = "cannot_tell", _("Cannot tell")

    email = models.EmailField(_("e-mail"))
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    brand = models.ForeignKey("products.Brand", on_delete=models.PROTECT, related_name="authentication_requests", verbose_name=_("brand"))
    category = models.CharField(_("category"), max_length=20, choices=ItemCategory.choices)
    model_name = models.CharField(_("model"), max_length=120)
    details = models.TextField(_("details"), blank=True)
    # A vendor's own listing: the certificate then shows as a badge on it.
    product = models.ForeignKey(
        "products.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="authenticity_requests",
        verbose_name=_("listing"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="authentication_requests",
        verbose_name=_("requested by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    submitted_at = models.DateTimeField(_("in review since"), null=True, blank=True, db_index=True)
    provider = models.CharField(_("reviewed by service"), max_length=20, default="staff")
    provider_reference = models.CharField(_("service reference"), max_length=120, blank=True)
    provider_error = models.CharField(_("service error"), max_length=300, blank=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    verdict_notes = models.TextField(_("notes for the requester"), blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reviewer"),
    )
    reviewer_name = models.CharField(_("reviewer's name"), max_length=150, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("authentication request")
        verbose_name_plural = _("authentication requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "created_at"], name="authenticity_email_recent")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="validated") | models.Q(verdict="genuine"), name="authenticity_validated_is_genuine"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.brand} {self.model_name}"

    @property
    def reference(self) -> str:
        return f"AUT-{self.pk:06d}"

    @property
    def certificate_url(self) -> str:
        """The seed's ``certificate_url``: where the PDF certificate is, or "" when there is none."""
        certificate = getattr(self, "certificate", None)
        return certificate.pdf_url if certificate is not None else ""


class ReviewQueueEntry(AuthenticationRequest):
    """The staff review queue: requests that count (confirmed, paid) and wait for a verdict."""

    class Meta:
        proxy = True
        verbose_name = _("request to review")
        verbose_name_plural = _("review queue")


class AuthenticationPhoto(models.Model):
    request = models.ForeignKey(AuthenticationRequest, on_delete=models.CASCADE, related_name="photos", verbose_name=_("request"))
    image = models.ImageField(_("photo"), upload_to="auth_requests/")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.position}"


class Certificate(TimeStampedModel):
    """A signed statement that a piece is genuine; the signature covers what the verify page shows."""

    request = models.OneToOneField(AuthenticationRequest, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("request"))
    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    key_id = models.CharField(_("signing key"), max_length=40)
    signature = models.CharField(_("signature"), max_length=120)
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def pdf_url(self) -> str:
        return reverse("authenticity_certificate_pdf", args=[self.serial])

    @property
    def verify_url(self) -> str:
        return reverse("authenticity_verify", args=[self.serial])
