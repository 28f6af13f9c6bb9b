"""Privacy: the public page that says which cookies and browser storage the site uses, and the buyer's
"my data" page — download my data (a ZIP made by a job), delete my account (anonymised at once)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doors.errors import error_status
from marketplace.common.errors import DomainError
from marketplace.customers.privacy import (
    ACCOUNTING_RETENTION_YEARS,
    account_erase,
    account_erase_refusal,
    data_export_for_owner,
    data_export_request,
    data_exports_for,
)
from storefront.templatetags.display_currency import COOKIE as CURRENCY_COOKIE

# Every cookie the storefront can set, checked by a test that walks the site and collects what it answers.
# None needs consent (ePrivacy art. 5(3)): each is strictly necessary, or stores a choice the visitor made.
COOKIES = [
    (settings.SESSION_COOKIE_NAME, gettext_lazy("Keeps you signed in and remembers your cart."),
     gettext_lazy("two weeks, or until you sign out")),
    (settings.CSRF_COOKIE_NAME, gettext_lazy("Protects forms against requests forged by other sites."), gettext_lazy("one year")),
    ("messages", gettext_lazy("Carries a one-time notice (“saved”, “added to cart”) to the next page."),
     gettext_lazy("until the next page")),
    (settings.LANGUAGE_COOKIE_NAME, gettext_lazy("The language you chose (only when you change it)."), gettext_lazy("one year")),
    (CURRENCY_COOKIE, gettext_lazy("The currency you chose to see prices in (only when you change it)."), gettext_lazy("one year")),
]
STORAGE = [
    ("localStorage: install-dismissed", gettext_lazy("You closed the “install the app” banner.")),
    ("Cache Storage (service worker)", gettext_lazy("Pages and images kept so the shop opens offline.")),
]


def cookie_names() -> set[str]:
    return {name for name, _purpose, _lifetime in COOKIES}


def privacy_view(request):
    context = {"cookies": COOKIES, "storage": STORAGE, "retention_years": ACCOUNTING_RETENTION_YEARS}
    return render(request, "pwa/privacy.html", context)


@login_required
def my_data_view(request):
    context = {
        "exports": list(data_exports_for(user=request.user)),
        "erase_refusal": account_erase_refusal(request.user),
        "retention_years": ACCOUNTING_RETENTION_YEARS,
        "export_days": settings.PRIVACY_EXPORT_DAYS,
    }
    return render(request, "pwa/customers/my_data.html", context)


@login_required
@require_POST
def data_export_request_view(request):
    try:
        data_export_request(user=request.user)
    except DomainError as exc:
        messages.info(request, str(exc.message))
    else:
        messages.success(request, _("We are preparing your data. You get an e-mail with the link in a few minutes."))
    return redirect("my_data")


@login_required
def data_export_download_view(request, export_id: int):
    """The ZIP, to its owner only (another person's id is a 404) and until it expires (then 410)."""
    try:
        export = data_export_for_owner(user=request.user, pk=export_id)
    except DomainError as exc:
        if exc.code == "not_found":
            raise
        context = {"exports": [], "erase_refusal": None, "expired": exc.message,
                   "retention_years": ACCOUNTING_RETENTION_YEARS, "export_days": settings.PRIVACY_EXPORT_DAYS}
        return render(request, "pwa/customers/my_data.html", context, status=410 if exc.code == "export_expired" else error_status(exc.code))
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1],
                            content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def account_delete_view(request):
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to delete the account."))
        return redirect("my_data")
    try:
        account_erase(user=request.user, password=request.POST.get("password", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("my_data")
    logout(request)
    messages.success(request, _("Your account is deleted. Your personal data has been erased."))
    return redirect("home")
