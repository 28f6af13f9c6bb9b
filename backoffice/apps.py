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
        # It patches the admin's field display, which must be loaded (app registry ready) first.
        from . import money_display  # noqa: PLC0415

        money_display.install()
