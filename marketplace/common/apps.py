from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .audit import audit_entries_protect


class CommonConfig(AppConfig):
    name = "marketplace.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        audit_entries_protect()  # audit entries are written once, never changed or deleted
