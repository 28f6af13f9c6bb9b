"""django-q2 jobs of the wallet. Each takes ids and is safe to run twice."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from marketplace.notifications.services import notify

from .audit import wallet_audit
from .models import BankDetailsChange, PayoutRequest

AUDIT_PERMISSION = "wallet.can_view_ledger"


def wallet_audit_staff():
    """Active staff who hold the ledger permission (directly, through a role, or as superusers)."""
    user_model = get_user_model()
    app, codename = AUDIT_PERMISSION.split(".")
    perm = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app) | Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label=app
    )
    return user_model.objects.filter(Q(is_active=True, is_staff=True) & (perm | Q(is_superuser=True))).distinct()


def wallet_audit_task() -> int:
    """Nightly: check the ledger's invariants; on any difference e-mail the staff who keep the ledger.

    Returns how many problems were found.
    """
    problems = wallet_audit()
    if problems:
        lines = [str(p) for p in problems[:200]]
        for user in wallet_audit_staff():
            notify(user, "wallet_audit_alert", {"problems": lines, "count": len(problems)})
    return len(problems)


def notify_bank_details_changed(change_id: int) -> int:
    change = BankDetailsChange.objects.select_related("vendor__user").filter(pk=change_id).first()
    if change is None:
        return 0
    notify(change.vendor.user, "bank_details_changed", {"change": change, "vendor": change.vendor})
    return 1


def notify_payout(payout_id: int, status: str) -> int:
    payout = PayoutRequest.objects.select_related("vendor__user").filter(pk=payout_id).first()
    if payout is None:
        return 0
    notify(payout.vendor.user, "payout_status", {"payout": payout, "status": status}, url=reverse("wallet_history"))
    return 1
