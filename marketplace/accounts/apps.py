from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from marketplace.common.audit import audit_register


class AccountsConfig(AppConfig):
    name = "marketplace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Receivers connect when their module loads, which must wait for the models (ready()).
        from . import signals  # noqa: F401, PLC0415
        from .session_user import drop_cached_user  # noqa: PLC0415

        # The signed-in person's row cached for requests (issue 20) is dropped on every change, here too.
        post_save.connect(drop_cached_user, sender=self.get_model("User"), dispatch_uid="accounts_drop_cached_user")
        post_delete.connect(drop_cached_user, sender=self.get_model("User"), dispatch_uid="accounts_drop_cached_user_del")

        # The audit trail (issue 12): who changed a person's access — staff flags and groups (roles).
        audit_register(
            self.get_model("User"),
            include_fields=["email", "first_name", "last_name", "is_active", "is_staff", "is_superuser"],
            m2m_fields=["groups"],
        )
