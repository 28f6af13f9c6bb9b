from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site is the staff back office.

    Third-party apps that register on ``admin.site`` (django-q2, ...) land on the staff site.
    """

    default = False
    default_site = "backoffice.sites.StaffAdminSite"


class BackofficeConfig(AppConfig):
    default = True
    name = "backoffice"
    verbose_name = _("Platform administration")

    def ready(self) -> None:
        from . import money_display

        money_display.install()
