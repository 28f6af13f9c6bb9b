from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class AdministrationConfig(AppConfig):
    """The seed's ``administration``: platform settings, roles and their groups."""

    name = "marketplace.administration"
    label = "administration"
    verbose_name = _("Platform administration")

    def ready(self) -> None:
        # Thin triggers (Role -> Group sync, settings cache); the receivers' module loads models,
        # which only exist once the app registry is ready.
        from . import signals  # noqa: F401, PLC0415

        # The audit trail (issue 12): the platform settings, their entries and the roles with their permissions.
        audit_register(self.get_model("PlatformSettings"))
        audit_register(self.get_model("PlatformSettingEntry"))
        audit_register(self.get_model("Role"), m2m_fields=["permissions"])
