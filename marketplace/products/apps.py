from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register

from .search import search_index_ensure


def _ensure_search_index(sender, using, **kwargs) -> None:
    """A migration that rebuilds the listing table on SQLite drops the index's triggers: put them back."""
    search_index_ensure(connection=connections[using])


class ProductsConfig(AppConfig):
    name = "marketplace.products"
    label = "products"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="products_search_index")

        # The audit trail (issue 12): listings (fields and status: review, rejection), their photos and
        # the spreadsheet imports. An import's progress counters and previews are not history.
        # A listing is saved as a Product (review) or as its fixed-price or auction kind (wizard, admin).
        audit_register(self.get_model("Product"))
        audit_register(self.get_model("StoreProduct"))
        audit_register(self.get_model("AuctionProduct"))
        audit_register(self.get_model("ProductImage"), exclude_fields=["renditions"])
        audit_register(
            self.get_model("ImportJob"),
            include_fields=["status", "for_staff", "total", "error_count", "created_count", "photos_added", "finished_at"],
        )
