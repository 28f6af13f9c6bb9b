from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class VendorsConfig(AppConfig):
    name = "marketplace.vendors"
    label = "vendors"
    verbose_name = _("Vendors")

    def ready(self) -> None:
        # The audit trail (issue 12): a shop's approval, suspension and details, with who changed them.
        audit_register(self.get_model("VendorProfile"))
