"""The vendor's wallet pages (/vendors/): balances and every movement (`wallet_history`, CSV too),
and asking for a payout (`payout_request`). Reads through wallet.access, writes through its services."""

import csv
from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from doors.errors import form_add_service_error
from doors.money import MoneyField
from marketplace.common.money import format_money
from marketplace.wallet.access import entries_for_user, payouts_for_user, wallet_vendor
from marketplace.wallet.models import VENDOR_KINDS, AccountKind, LedgerTransaction, PayoutBatch
from marketplace.wallet.payouts import payout_hold_until, payout_request
from marketplace.wallet.sales import entries_with_commission
from marketplace.wallet.selectors import vendor_balances, wallet_settings

from .wizard_views import VendorPageMixin

PAGE_SIZE = 50


class HistoryFilterForm(forms.Form):
    account = forms.ChoiceField(
        label=_("Balance"), required=False, widget=UnfoldAdminSelectWidget,
        choices=[("", _("All"))] + [(k.value, k.label) for k in AccountKind if k in VENDOR_KINDS],
    )
    kind = forms.ChoiceField(
        label=_("Movement"), required=False, widget=UnfoldAdminSelectWidget,
        choices=[("", _("All"))] + list(LedgerTransaction.Kind.choices),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=UnfoldAdminDateWidget)
    date_to = forms.DateField(label=_("Until"), required=False, widget=UnfoldAdminDateWidget)


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def history_filter(queryset, data):
    """The vendor's entries narrowed by the filter form (an invalid filter is ignored)."""
    form = HistoryFilterForm(data or None)
    if not form.is_valid():
        return queryset, form
    values = form.cleaned_data
    if values.get("account"):
        queryset = queryset.filter(account__kind=values["account"])
    if values.get("kind"):
        queryset = queryset.filter(transaction__kind=values["kind"])
    if values.get("date_from"):
        queryset = queryset.filter(created_at__gte=_day_start(values["date_from"]))
    if values.get("date_to"):
        queryset = queryset.filter(created_at__lt=_day_start(values["date_to"]) + timezone.timedelta(days=1))
    return queryset, form


class WalletHistoryView(VendorPageMixin, TemplateView):
    """`wallet_history`: the balances, then every movement, filtered; ``?format=csv`` downloads them."""

    title = _("Wallet")
    template_name = "wallet/wallet_history.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv()
        return super().get(request, *args, **kwargs)

    def entries(self):
        queryset = entries_for_user(user=self.request.user).select_related("account", "transaction", "transaction__order")
        # a sale's line shows its gross and the platform's commission beside what reached the balance (net)
        return history_filter(entries_with_commission(queryset).order_by("-created_at", "-pk"), self.request.GET)

    def csv(self) -> HttpResponse:
        entries, _form = self.entries()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="wallet-history.csv"'
        response.write("\ufeff")  # spreadsheets open UTF-8 (ș, ț) correctly with the BOM
        writer = csv.writer(response, delimiter=";")
        writer.writerow([
            _("Date"), _("Balance"), _("Movement"), _("Description"), _("Order"), _("Gross"), _("Commission"), _("Amount"),
            _("Balance after"),
        ])
        for entry in entries.iterator(chunk_size=500):
            writer.writerow([
                timezone.localtime(entry.created_at).strftime("%d.%m.%Y %H:%M"), entry.account.get_kind_display(),
                entry.transaction.get_kind_display(), entry.transaction.memo,
                entry.transaction.order.number if entry.transaction.order_id else "",
                "" if entry.gross is None else format_money(entry.gross, unit=False),
                "" if entry.commission is None else format_money(entry.commission, unit=False),
                format_money(entry.amount, unit=False), format_money(entry.balance_after, unit=False),
            ])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = wallet_vendor(user=self.request.user)
        entries, form = self.entries()
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            balances=vendor_balances(vendor=vendor), page=page, filter_form=form, query=query.urlencode(),
            csv_query=f"{query.urlencode()}&format=csv" if query else "format=csv",
        )
        return context


class PayoutRequestForm(forms.Form):
    amount = MoneyField(label=_("Amount (lei)"), widget=UnfoldAdminTextInputWidget)
    currency = forms.ChoiceField(
        label=_("Paid in"), choices=PayoutBatch.Currency.choices, initial=PayoutBatch.Currency.RON,
        widget=UnfoldAdminSelectWidget,
    )


class PayoutRequestView(VendorPageMixin, FormView):
    """`payout_request`: ask for money from the available balance to the shop's IBAN."""

    title = _("Request a payout")
    template_name = "wallet/payout_request.html"
    form_class = PayoutRequestForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = wallet_vendor(user=self.request.user)
        context.update(
            vendor=vendor, balances=vendor_balances(vendor=vendor), minimum=wallet_settings().payout_minimum,
            hold_until=payout_hold_until(vendor=vendor),
            payouts=payouts_for_user(user=self.request.user).select_related("batch")[:20],
        )
        return context

    def form_valid(self, form):
        vendor = wallet_vendor(user=self.request.user)
        try:
            payout = payout_request(
                vendor=vendor, actor=self.request.user, amount=form.cleaned_data["amount"], currency=form.cleaned_data["currency"]
            )
        except ValidationError as exc:
            form_add_service_error(form, exc, default_field="amount")
            response = self.form_invalid(form)
            response.status_code = 400
            return response
        messages.success(
            self.request,
            _("Payout #%(id)s of %(amount)s requested: the amount is reserved until the team sends it.")
            % {"id": payout.pk, "amount": format_money(payout.amount)},
        )
        return redirect("payout_request")
