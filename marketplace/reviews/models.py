"""A buyer's review of a seller: one per order and seller (the order's shipment from that shop).

The seller may answer once; staff may hide a review with a reason (hidden reviews count in no rating).
The seller's rating (average and count of visible reviews) is kept on ``VendorProfile`` by the services,
so every page that shows a seller reads it with the seller's row, in no extra query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel

COMMENT_MAX = 2000
REPLY_MAX = 2000


class Review(TimeStampedModel):
    shipment = models.OneToOneField(
        "orders.Shipment", on_delete=models.PROTECT, related_name="review", verbose_name=_("shipment")
    )
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("order"))
    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("seller")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_written", verbose_name=_("buyer")
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    reply = models.TextField(_("seller's answer"), max_length=REPLY_MAX, blank=True)
    replied_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False, db_index=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        verbose_name = _("seller review")
        verbose_name_plural = _("seller reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "vendor"], name="reviews_one_per_order_and_seller"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="reviews_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["vendor", "is_hidden", "-created_at"], name="reviews_vendor_visible")]

    def __str__(self) -> str:
        return f"{self.vendor_id} · {self.rating}/5 · {self.order_id}"
