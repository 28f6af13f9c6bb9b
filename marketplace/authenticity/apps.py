from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthenticityConfig(AppConfig):
    name = "marketplace.authenticity"
    label = "authenticity"
    verbose_name = _("Authenticity")
    default_auto_field = "django.db.models.BigAutoField"
