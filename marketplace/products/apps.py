from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_search_index(sender, using, **kwargs) -> None:
    """A migration that rebuilds the listing table on SQLite drops the index's triggers: put them back."""
    from django.db import connections

    from .search import search_index_ensure

    search_index_ensure(connection=connections[using])


class ProductsConfig(AppConfig):
    name = "marketplace.products"
    label = "products"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="products_search_index")
