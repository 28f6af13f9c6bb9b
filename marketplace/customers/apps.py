from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "marketplace.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from .catalogue import drop_saved_sizes  # noqa: PLC0415

        # The saved sizes a signed-in catalogue page reads from the cache (issue 20) are dropped on every change.
        saved = self.get_model("SavedDimension")
        post_save.connect(drop_saved_sizes, sender=saved, dispatch_uid="customers_drop_saved_sizes")
        post_delete.connect(drop_saved_sizes, sender=saved, dispatch_uid="customers_drop_saved_sizes_del")
