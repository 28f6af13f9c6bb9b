from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        # Thin trigger (guest cart joins the buyer's at sign-in); the receivers' module loads models,
        # which only exist once the app registry is ready.
        # privacy: this context's part of "download my data" and "delete my account" (customers.privacy's signals).
        from . import privacy, signals  # noqa: F401, PLC0415

        # The audit trail (issue 12): orders and shipments as they move, and every money movement —
        # a payment taken, marked paid or refunded is a Payment row written.
        for name in ("Order", "Shipment", "Payment", "Invoice"):
            audit_register(self.get_model(name))
