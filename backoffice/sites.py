"""The two back offices: staff at /admin/, vendors at /vendors/ (django-unfold sites)."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

from marketplace.vendors.access import may_work_as_vendor, vendor_access_refusal


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
        return may_work_as_vendor(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            user = request.user
            logout_path = reverse(f"{self.name}:logout", current_app=self.name)
            if user.is_authenticated and request.path != logout_path:
                reason = vendor_access_refusal(user)
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
