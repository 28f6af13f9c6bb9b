"""Dashboard callbacks for both back offices (django-unfold DASHBOARD_CALLBACK). Selectors only."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.accounts.selectors import signups_per_day, user_counts
from marketplace.administration.selectors import platform_settings
from marketplace.vendors.access import vendor_for_user
from marketplace.vendors.selectors import vendor_counts_by_status, vendor_list


def environment_callback(request):
    return [_("Development"), "warning"] if settings.DEBUG else None


def staff_dashboard(request, context):
    users = user_counts()
    vendors = vendor_counts_by_status()
    config = platform_settings()
    days = signups_per_day(days=14)
    context.update(
        {
            "kpis": [
                {"title": _("Accounts"), "value": users["total"], "footer": _("%(n)s new in 7 days") % {"n": users["new_7d"]}},
                {"title": _("Approved vendors"), "value": vendors["approved"], "footer": _("%(n)s suspended") % {"n": vendors["suspended"]}},
                {
                    "title": _("Vendor applications"),
                    "value": vendors["pending"],
                    "footer": _("waiting for approval"),
                    "href": reverse("admin:vendors_vendorprofile_changelist") + "?status__exact=pending",
                },
                {"title": _("Commission"), "value": f"{number_format(config.commission_percent, use_l10n=True)} %", "footer": ngettext("return window %(n)s day", "return window %(n)s days", config.return_days) % {"n": config.return_days}},
            ],
            "pending_vendors": list(vendor_list(status="pending").order_by("created_at")[:8]),
            "signups_chart": json.dumps(
                {
                    "labels": [d.strftime("%d.%m") for d, _n in days],
                    "datasets": [{"label": _("New accounts"), "data": [n for _d, n in days], "backgroundColor": "var(--color-primary-600)"}],
                }
            ),
        }
    )
    return context


def vendor_dashboard(request, context):
    vendor = vendor_for_user(request.user)
    context.update({"vendor": vendor})
    return context
