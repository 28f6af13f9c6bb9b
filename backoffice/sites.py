"""The two back offices: staff at /admin/, vendors at /vendors/ (django-unfold sites)."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

from marketplace.administration.roles import VENDOR
from marketplace.vendors.access import vendor_for_user


class SignInThroughAccountsMixin:
    """Both back offices sign people in through /accounts/login/, where the second factor is asked."""

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse(f"{self.name}:index")
        return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


class StaffAdminSite(SignInThroughAccountsMixin, UnfoldAdminSite):
    site_header = "SNOBISTIC"
    site_title = "SNOBISTIC"
    index_title = _("Dashboard")
    index_template = "backoffice/staff_index.html"


def vendor_site_refusal(user) -> str | None:
    """Why this signed-in user may not enter the vendor back office, or None if they may."""
    if not user.is_active:
        return str(_("This account is inactive."))
    vendor = vendor_for_user(user)
    if vendor is None:
        return str(_("The vendor back office is for approved sellers. Apply to sell from your account first."))
    if vendor.status == vendor.Status.PENDING:
        return str(_("Your shop application is waiting for approval. We will e-mail you when it is approved."))
    if vendor.status == vendor.Status.SUSPENDED:
        return str(_("Your shop is suspended: %(reason)s") % {"reason": vendor.status_reason or "-"})
    if not user.has_role(VENDOR):
        return str(_("Your account does not hold the Vendor role. Contact support."))
    return None


class VendorAdminSite(SignInThroughAccountsMixin, UnfoldAdminSite):
    """Only approved vendors get in; each ModelAdmin here is scoped to the signed-in vendor."""

    settings_name = "UNFOLD_VENDOR"
    site_header = "SNOBISTIC"
    site_title = _("SNOBISTIC for vendors")
    index_title = _("My shop")
    index_template = "backoffice/vendor_index.html"
    # The sidebar (UNFOLD_VENDOR["SIDEBAR"]) is the vendor's only way between pages; the header
    # keeps the account menu (sign out), the RO/EN switch and the link back to the storefront.

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_authenticated and vendor_site_refusal(user) is None

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            user = request.user
            logout_path = reverse(f"{self.name}:logout", current_app=self.name)
            if user.is_authenticated and request.path != logout_path:
                reason = vendor_site_refusal(user)
                if reason is not None:
                    return TemplateResponse(
                        request,
                        "backoffice/vendor_refused.html",
                        {**self.each_context(request), "title": _("Access refused"), "reason": reason},
                        status=403,
                    )
            return inner(request, *args, **kwargs)

        return guarded


vendor_site = VendorAdminSite(name="vendors")
