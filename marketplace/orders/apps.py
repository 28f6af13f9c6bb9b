from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from . import signals  # noqa: F401

        # The audit trail (issue 12): orders and shipments as they move, and every money movement —
        # a payment taken, marked paid or refunded is a Payment row written.
        for name in ("Order", "Shipment", "Payment", "Invoice"):
            audit_register(self.get_model(name))
