from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "marketplace.chat"
    label = "chat"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        # Receivers of "download my data" and "delete my account" (marketplace.customers.privacy); the module
        # loads models, which exist only once the registry is ready.
        from . import privacy  # noqa: F401, PLC0415
