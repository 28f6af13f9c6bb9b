from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .audit import audit_entries_protect


class CommonConfig(AppConfig):
    name = "marketplace.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        audit_entries_protect()  # audit entries are written once, never changed or deleted
        # A job's log lines carry the id of the request that queued it. Imported here: django_q's
        # signals module imports its models, which need the app registry ready.
        from .jobs import request_id_connect_jobs  # noqa: PLC0415

        request_id_connect_jobs()
