from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from . import signals  # noqa: F401
