"""Dashboard callbacks for both back offices (django-unfold DASHBOARD_CALLBACK). Selectors only."""

import json
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.accounts.selectors import signups_per_day, user_counts
from marketplace.administration.selectors import platform_settings
from marketplace.auctions.selectors import vendor_open_auctions
from marketplace.common.money import format_money
from marketplace.orders.models import Order
from marketplace.vendors.access import vendor_for_user
from marketplace.vendors.selectors import vendor_counts_by_status, vendor_list
from marketplace.wallet.sales import (
    commission_income,
    late_shipments,
    payouts_due,
    sales_per_day,
    sales_summary,
    shipments_by_status,
    shipments_to_ship,
)
from marketplace.wallet.selectors import vendor_balances

from .admin.display import ORDER_STATUS_COLOURS

LIST_SIZE = 8
CHART_DAYS = 30
# Chart.js options of the stacked sales bars (unfold's own options are replaced when a chart gives some).
STACKED_OPTIONS = json.dumps({
    "animation": False,
    "responsive": True,
    "maintainAspectRatio": False,
    "maxBarThickness": 14,
    "datasets": {"bar": {"borderRadius": 3}},
    "scales": {"x": {"stacked": True, "grid": {"display": False}}, "y": {"stacked": True, "beginAtZero": True}},
    "plugins": {"legend": {"display": True, "position": "bottom", "labels": {"usePointStyle": True, "boxWidth": 6, "boxHeight": 6}}},
})


def _states(counts: dict[str, int]) -> list[dict]:
    """Every order status in the lifecycle's order, with its count and badge colour (zeros kept)."""
    return [
        {"status": value, "label": label, "count": counts.get(value, 0), "colour": ORDER_STATUS_COLOURS.get(value, "info")}
        for value, label in Order.Status.choices
    ]


def _sales_chart(days, *, net_label: str, commission_label: str, vendor: bool) -> str:
    """A stacked bar per day: what the shop keeps (or the platform's commission) on top of the rest."""
    labels = [day.strftime("%d.%m") for day, _g, _c in days]
    first = [float(gross - commission) for _d, gross, commission in days]
    second = [float(commission) for _d, _g, commission in days]
    datasets = [
        {"label": net_label, "data": first, "backgroundColor": "var(--color-primary-600)", "stack": "sales"},
        {"label": commission_label, "data": second, "backgroundColor": "var(--color-primary-300)", "stack": "sales"},
    ]
    return json.dumps({"labels": labels, "datasets": datasets if vendor else datasets[::-1]})


def environment_callback(request):
    return [_("Development"), "warning"] if settings.DEBUG else None


def staff_dashboard(request, context):
    users = user_counts()
    vendors = vendor_counts_by_status()
    config = platform_settings()
    days = signups_per_day(days=14)
    now = timezone.now()
    sales = sales_summary(now=now)
    due = payouts_due()
    late = late_shipments(now=now)
    late_list = list(late[:LIST_SIZE])
    context.update(
        {
            "money_kpis": [
                {
                    "title": _("GMV, last 30 days"), "value": format_money(sales.month.gross),
                    "footer": _("today %(today)s · 7 days %(week)s") % {"today": format_money(sales.today.gross), "week": format_money(sales.week.gross)},
                },
                {
                    "title": _("Commission earned, last 30 days"), "value": format_money(sales.month.commission),
                    "footer": _("commission income account: %(balance)s") % {"balance": format_money(commission_income())},
                },
                {
                    "title": _("Payouts to decide"), "value": due.requested,
                    "footer": _("%(total)s requested · %(approved)s approved, not yet sent (%(approved_total)s)") % {
                        "total": format_money(due.requested_total), "approved": due.approved, "approved_total": format_money(due.approved_total),
                    },
                    "href": reverse("admin:wallet_payoutrequest_changelist") + "?status__exact=requested",
                },
                {
                    "title": _("Late shipments"), "value": late.count(),
                    "footer": _("paid parcels past their shipping deadline"),
                    "href": reverse("admin:orders_shipmentdeadline_changelist"),
                },
            ],
            "order_states": _states(shipments_by_status()),
            "late_shipments": late_list,
            "chart_options": STACKED_OPTIONS,
            "sales_chart": _sales_chart(
                sales_per_day(days=CHART_DAYS, now=now), vendor=False,
                net_label=_("Sold by the shops (net)"), commission_label=_("Commission"),
            ),
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
    """`vendor_dashboard`: sales today / 7 / 30 days, balances, orders by state, what to ship, auctions, a chart."""
    vendor = vendor_for_user(request.user)
    context.update({"vendor": vendor})
    if vendor is None:
        return context
    now = timezone.now()
    sales = sales_summary(vendor=vendor, now=now)
    balances = vendor_balances(vendor=vendor)
    to_ship = list(shipments_to_ship(vendor=vendor)[: LIST_SIZE + 1])
    auctions = list(vendor_open_auctions(vendor=vendor, now=now)[: LIST_SIZE + 1])
    soon = now + timedelta(hours=24)
    context.update(
        {
            "sales_kpis": [
                {
                    "title": title, "value": format_money(period.gross),
                    "footer": _("net %(net)s after %(commission)s commission · %(n)s pieces") % {
                        "net": format_money(period.net), "commission": format_money(period.commission), "n": period.lines,
                    },
                }
                for title, period in ((_("Sales today"), sales.today), (_("Sales, last 7 days"), sales.week), (_("Sales, last 30 days"), sales.month))
            ],
            "balance_kpis": [
                {"title": _("Pending (in escrow)"), "value": format_money(balances.pending),
                 "footer": _("released once the return window passes")},
                {"title": _("Available"), "value": format_money(balances.available),
                 "footer": _("reserved for payouts: %(amount)s") % {"amount": format_money(balances.reserved)},
                 "href": reverse("payout_request")},
            ],
            "order_states": _states(shipments_by_status(vendor=vendor)),
            "to_ship": to_ship[:LIST_SIZE],
            "to_ship_more": len(to_ship) > LIST_SIZE,
            "now": now,
            "auctions": [{"auction": a, "ending_soon": a.end_time <= soon, "live": a.is_open} for a in auctions[:LIST_SIZE]],
            "auctions_more": len(auctions) > LIST_SIZE,
            "chart_options": STACKED_OPTIONS,
            "sales_chart": _sales_chart(
                sales_per_day(vendor=vendor, days=CHART_DAYS, now=now), vendor=True,
                net_label=_("Yours (net)"), commission_label=_("Commission"),
            ),
        }
    )
    return context
