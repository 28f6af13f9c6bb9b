"""Who may work as a vendor, and the one way every door reaches vendor-owned rows.

``vendor_access_refusal`` is the one "may this user work as a vendor?" rule: the vendor back
office (who gets in), the back offices' second-factor middleware (who must show one) and
``vendor_scope`` (whose rows a vendor sees) all ask it, so they cannot answer differently.

``vendor_scope`` narrows any queryset to the signed-in vendor; ``vendor_object`` fetches one
row and refuses (404, as if it did not exist) when it belongs to somebody else. The vendor
back office, the PWA and the APIs all go through here, so changing an id in a URL never
reaches another vendor's data.
"""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from marketplace.administration.roles import VENDOR
from marketplace.common.errors import NotFound

from .models import VendorProfile


def vendor_for_user(user) -> VendorProfile | None:
    """The user's vendor profile whatever its status, or None. Cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_vendor_profile_cache"):
        user._vendor_profile_cache = VendorProfile.objects.filter(user=user).first()
    return user._vendor_profile_cache


def vendor_access_refusal(user) -> str | None:
    """Why this user may not work as a vendor (a sentence for them), or None if they may.

    They may when the account is signed in and active, its shop is approved and it holds the
    Vendor role (approving a shop grants the role, suspending it takes the role away).
    """
    if not getattr(user, "is_authenticated", False):
        return _("Sign in first.")
    if not user.is_active:
        return _("This account is inactive.")
    vendor = vendor_for_user(user)
    if vendor is None:
        return _("The vendor back office is for approved sellers. Apply to sell from your account first.")
    if vendor.status == vendor.Status.PENDING:
        return _("Your shop application is waiting for approval. We will e-mail you when it is approved.")
    if vendor.status == vendor.Status.SUSPENDED:
        return _("Your shop is suspended: %(reason)s") % {"reason": vendor.status_reason or "-"}
    if not user.has_role(VENDOR):
        return _("Your account does not hold the Vendor role. Contact support.")
    return None


def may_work_as_vendor(user) -> bool:
    return vendor_access_refusal(user) is None


def second_factor_required(user) -> bool:
    """Staff and vendors always sign in with a second factor (the back offices and the partner API)."""
    return user.is_staff or may_work_as_vendor(user)


def approved_vendor_for_user(user) -> VendorProfile | None:
    """The shop this user works for as a vendor, or None when ``vendor_access_refusal`` refuses them."""
    return vendor_for_user(user) if may_work_as_vendor(user) else None


def vendor_scope(queryset: QuerySet, *, user, lookup: str = "vendor") -> QuerySet:
    """Rows of ``queryset`` owned by the user's approved vendor; none at all for anybody else.

    ``lookup`` is the path from the model to its VendorProfile (``"vendor"``,
    ``"product__vendor"``); ``"pk"`` for VendorProfile itself.
    """
    vendor = approved_vendor_for_user(user)
    if vendor is None:
        return queryset.none()
    return queryset.filter(**{lookup: vendor.pk if lookup == "pk" else vendor})


def vendor_object(queryset: QuerySet, *, user, pk, lookup: str = "vendor") -> Model:
    """One row of ``queryset`` by primary key, only if the user's vendor owns it; else ``NotFound`` (a 404 in every door)."""
    try:
        return vendor_scope(queryset, user=user, lookup=lookup).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
