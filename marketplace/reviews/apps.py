from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class ReviewsConfig(AppConfig):
    name = "marketplace.reviews"
    label = "reviews"
    verbose_name = _("Seller reviews")

    def ready(self) -> None:
        audit_register(self.get_model("Review"))  # a review written, answered, hidden or shown again
        # Thin trigger on the order's domain event (a completed order invites its buyer to rate the shops);
        # the receivers' module loads models, which exist only once the registry is ready.
        from . import receivers  # noqa: F401, PLC0415
