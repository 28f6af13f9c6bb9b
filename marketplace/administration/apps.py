from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    """The seed's ``administration``: platform settings, roles and their groups."""

    name = "marketplace.administration"
    label = "administration"
    verbose_name = _("Platform administration")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (thin triggers: Role -> Group sync, settings cache)
