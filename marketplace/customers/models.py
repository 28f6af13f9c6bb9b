"""What a buyer keeps: favourite pieces, a wishlist that watches prices, saved sizes per category."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
