from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class AccountsConfig(AppConfig):
    name = "marketplace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Receivers connect when their module loads, which must wait for the models (ready()).
        from . import signals  # noqa: F401, PLC0415

        # The audit trail (issue 12): who changed a person's access — staff flags and groups (roles).
        audit_register(
            self.get_model("User"),
            include_fields=["email", "first_name", "last_name", "is_active", "is_staff", "is_superuser"],
            m2m_fields=["groups"],
        )
