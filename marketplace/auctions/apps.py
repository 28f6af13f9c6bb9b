from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class AuctionsConfig(AppConfig):
    name = "marketplace.auctions"
    label = "auctions"
    verbose_name = _("Auctions")

    def ready(self) -> None:
        # Thin triggers on lower contexts' events (a validated listing opens its auction); imported
        # here because the receivers' module loads models, which only exist once the registry is ready.
        # privacy: this context's part of "download my data" and "delete my account" (customers.privacy's signals).
        from . import privacy, signals  # noqa: F401, PLC0415

        # The audit trail (issue 12): an auction's status, result and terms as staff and the closing
        # change them. What every bid moves (price, leader, count, soft-close end) is the bids' own history.
        auction = self.get_model("Auction")
        audit_register(auction, exclude_fields=list(auction.BID_FIELDS))
