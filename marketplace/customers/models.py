"""What a buyer keeps: favourite pieces, a wishlist that watches prices, saved sizes per category, an address
book, and the "download my data" exports."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.counties import COUNTY_CHOICES
from marketplace.common.models import TimeStampedModel
from marketplace.products.models import Category, Product, Size


class Favorite(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favorites", verbose_name=_("user")
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="favorited_by", verbose_name=_("product"))

    class Meta:
        verbose_name = _("favorite")
        verbose_name_plural = _("favorites")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="customers_favorite_once")]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.product}"


class WishlistItem(TimeStampedModel):
    """A piece the buyer wants; the price it had when added is kept to spot a drop."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishlist_items", verbose_name=_("user")
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="wishlisted_by", verbose_name=_("product"))
    price_when_added = models.DecimalField(_("price when added (lei)"), max_digits=12, decimal_places=2)
    alert_price_drop = models.BooleanField(_("tell me when the price drops"), default=True)
    alerted_price = models.DecimalField(
        _("price last alerted (lei)"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("The buyer is told again only when the price falls below this."),
    )

    class Meta:
        verbose_name = _("wishlist item")
        verbose_name_plural = _("wishlist items")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="customers_wishlist_once"),
            models.CheckConstraint(condition=models.Q(price_when_added__gt=0), name="customers_wishlist_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.product}"


class SavedDimension(TimeStampedModel):
    """The size a buyer wears in one category, in the size system they read (EU, IT, ...)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_dimensions", verbose_name=_("user")
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+", verbose_name=_("category"))
    size = models.ForeignKey(Size, on_delete=models.CASCADE, related_name="+", verbose_name=_("size"))
    system = models.CharField(_("size system"), max_length=2, choices=Size.System.choices, default=Size.System.EU)

    class Meta:
        verbose_name = _("saved size")
        verbose_name_plural = _("saved sizes")
        ordering = ["category__position", "category__name"]
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="customers_one_size_per_category")]

    def __str__(self) -> str:
        return f"{self.category}: {self.size.label(self.system)}"

    @property
    def label(self) -> str:
        return f"{self.get_system_display()} {self.size.label(self.system)}"


class Address(TimeStampedModel):
    """A delivery address in the buyer's address book; the default one fills the checkout."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("user")
    )
    label = models.CharField(_("label"), max_length=50, blank=True, help_text=_("E.g. Home, Office."))
    name = models.CharField(_("recipient"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20)
    address = models.CharField(_("street and number"), max_length=255)
    city = models.CharField(_("city"), max_length=100)
    county = models.CharField(_("county"), max_length=100, choices=COUNTY_CHOICES)
    postal_code = models.CharField(_("postal code"), max_length=10)
    is_default = models.BooleanField(_("default address"), default=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default=True), name="customers_one_default_address"
            ),
        ]

    def __str__(self) -> str:
        return self.one_line

    @property
    def one_line(self) -> str:
        return ", ".join(p for p in (self.address, self.city, self.county, self.postal_code) if p)


def data_export_path(instance, filename: str) -> str:
    """A path nobody can guess: the ZIP holds the buyer's personal data and is served only to them."""
    return f"privacy/{uuid.uuid4().hex}/{filename}"


class DataExport(TimeStampedModel):
    """"Download my data": a ZIP made by a job (profile, addresses, orders, bids, messages), served to its
    owner only until ``expires_at``; then the file is deleted and the row says so."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports", verbose_name=_("user")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), upload_to=data_export_path, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="customers_export_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
