from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalletConfig(AppConfig):
    name = "marketplace.wallet"
    label = "wallet"
    verbose_name = _("Wallet and payouts")

    def ready(self) -> None:
        # The escrow postings listen to the order's domain event and to the vendor's bank-details
        # change; the receivers' module loads models, which exist only once the registry is ready.
        from . import receivers  # noqa: F401, PLC0415
