import logging
import threading

from django.apps import AppConfig
from django.conf import settings
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register

from .images import warm_background_removal
from .search import search_index_ensure

logger = logging.getLogger(__name__)


def _ensure_search_index(sender, using, **kwargs) -> None:
    """A migration that rebuilds the listing table on SQLite drops the index's triggers: put them back."""
    search_index_ensure(connection=connections[using])


def _warm_on_worker_spawn(sender, proc_name=None, **kwargs) -> threading.Thread | None:
    """A django-q2 worker process just started: load the cut-out model beside it (a daemon thread, so
    the worker takes jobs at once; a cut-out job arriving meanwhile waits on the same import)."""
    if not settings.BACKGROUND_REMOVAL_WARM_UP:
        return None

    def warm() -> None:
        try:
            warm_background_removal()
        except Exception:  # a warm-up that fails leaves the job to try (and report) on its own
            logger.exception("background removal warm-up failed in %s", proc_name)

    thread = threading.Thread(target=warm, name="warm-background-removal", daemon=True)
    thread.start()
    return thread


class ProductsConfig(AppConfig):
    name = "marketplace.products"
    label = "products"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="products_search_index")
        # ready(): django_q.signals imports django_q's models, which need the app registry loaded.
        from django_q.signals import post_spawn  # noqa: PLC0415

        post_spawn.connect(_warm_on_worker_spawn, dispatch_uid="products_warm_background_removal")

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
