from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class SupportConfig(AppConfig):
    name = "marketplace.support"
    label = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        # The audit trail: support's own settings and SLA targets are staff writes. A ticket's
        # changes are its own history (TicketEvent), written by the services.
        audit_register(self.get_model("SupportSettings"))
        audit_register(self.get_model("SlaTarget"))
