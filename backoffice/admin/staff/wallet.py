"""Staff site, vendor money: the payouts queue (approve, reject, return), bank batches (export,
download, mark paid), the ledger (read-only), commission rules and the wallet settings.

Every change goes through marketplace.wallet's services; refusals (four eyes, wrong state) are
reported with ``message_user``.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from backoffice.admin_mixins import ReadOnlyAdminMixin
from backoffice.confirm import CONFIRM_TEMPLATE, confirm_first
from marketplace.wallet.models import (
    Account,
    BankDetailsChange,
    CommissionRule,
    Entry,
    LedgerTransaction,
    PayoutBatch,
    PayoutRequest,
    WalletSettings,
)
from marketplace.wallet.payouts import (
    payout_approve,
    payout_batch_export,
    payout_batch_mark_paid,
    payout_reject,
    payout_return,
)

staff_site = admin.site
MANAGE = "wallet.can_manage_payouts"
VIEW = "wallet.can_view_ledger"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the vendor sees it)"), max_length=500, widget=UnfoldAdminTextInputWidget)


class BankReferenceForm(forms.Form):
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=100, widget=UnfoldAdminTextInputWidget)


class ExportForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=PayoutBatch.Currency.choices, widget=UnfoldAdminSelectWidget)
    exchange_rate = forms.DecimalField(
        label=_("Lei per euro (euro batches only)"), required=False, max_digits=10, decimal_places=4,
        min_value=Decimal("0.0001"), widget=UnfoldAdminDecimalFieldWidget,
    )


def _report(model_admin, request, exc: ValidationError) -> None:
    model_admin.message_user(request, " ".join(exc.messages), messages.ERROR)


@admin.register(PayoutRequest, site=staff_site)
class PayoutRequestAdmin(ReadOnlyAdminMixin, ModelAdmin):
    """The payouts queue: requests wait here for a decision; approved ones for the next bank batch."""

    list_display = ["id", "vendor", "amount", "currency", "status_badge", "iban", "created_at", "decided_by", "batch"]
    list_filter = ["status", "currency"]
    search_fields = ["vendor__shop_name", "iban", "=id"]
    list_select_related = ["vendor", "decided_by", "batch"]
    readonly_fields = [
        "vendor", "amount", "currency", "iban", "account_holder", "status", "requested_by", "decided_by", "decided_at",
        "reason", "batch", "created_at",
    ]
    actions_list = ["export_batch"]
    actions_detail = ["approve_detail", "reject_detail", "return_detail"]

    @display(description=_("status"), label={
        "requested": "warning", "approved": "info", "rejected": "danger", "sent": "info", "paid": "success", "returned": "danger",
    })
    def status_badge(self, obj: PayoutRequest):
        return obj.status, obj.get_status_display()

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE) or request.user.has_perm(VIEW)

    def has_manage_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE)

    def _back(self, object_id):
        return redirect(reverse("admin:wallet_payoutrequest_change", args=[object_id]))

    @action(description=_("Approve"), permissions=["manage"], icon="check_circle")
    @confirm_first(title=_("Approve this payout?"), submit_label=_("Approve"),
                   message=_("It goes into the next bank batch of its currency."))
    def approve_detail(self, request, object_id):
        try:
            payout_approve(payout=self.get_object(request, object_id), actor=request.user)
        except ValidationError as exc:
            _report(self, request, exc)
        else:
            self.message_user(request, _("Payout approved."), messages.SUCCESS)
        return self._back(object_id)

    @action(description=_("Reject"), permissions=["manage"], icon="block")
    @confirm_first(title=_("Reject this payout?"), submit_label=_("Reject"), form_class=ReasonForm, danger=True,
                   message=_("The reserved amount becomes available to the vendor again."))
    def reject_detail(self, request, form, object_id):
        try:
            payout_reject(payout=self.get_object(request, object_id), actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _report(self, request, exc)
        else:
            self.message_user(request, _("Payout rejected."), messages.WARNING)
        return self._back(object_id)

    @action(description=_("Returned by the bank"), permissions=["manage"], icon="undo")
    @confirm_first(title=_("Did the bank return this transfer?"), submit_label=_("Record the return"), form_class=ReasonForm,
                   danger=True, message=_("The amount goes back to the vendor's available balance."))
    def return_detail(self, request, form, object_id):
        try:
            payout_return(payout=self.get_object(request, object_id), actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _report(self, request, exc)
        else:
            self.message_user(request, _("The returned transfer is recorded."), messages.WARNING)
        return self._back(object_id)

    @action(description=_("Export approved payouts to a bank file"), permissions=["manage"], icon="download",
            url_path="export-batch")
    def export_batch(self, request):
        form = ExportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                batch = payout_batch_export(
                    actor=request.user, currency=form.cleaned_data["currency"], exchange_rate=form.cleaned_data["exchange_rate"]
                )
            except ValidationError as exc:
                _report(self, request, exc)
                return redirect(reverse("admin:wallet_payoutrequest_changelist"))
            self.message_user(request, _("Batch %(name)s exported.") % {"name": batch.file_name}, messages.SUCCESS)
            return redirect(reverse("admin:wallet_payoutbatch_change", args=[batch.pk]))
        context = {
            **self.admin_site.each_context(request), "title": _("Export approved payouts"), "form": form,
            "opts": self.model._meta, "submit_label": _("Export"),
            "cancel_url": reverse("admin:wallet_payoutrequest_changelist"),
            "message": _("Every approved payout of the chosen currency goes into one file: CSV for lei, SEPA pain.001 for euro."),
        }
        return TemplateResponse(request, CONFIRM_TEMPLATE, context, status=400 if request.method == "POST" else 200)


@admin.register(PayoutBatch, site=staff_site)
class PayoutBatchAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["file_name", "currency", "total", "status", "created_by", "created_at", "bank_reference", "paid_at"]
    list_filter = ["status", "currency"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "file_name", "currency", "exchange_rate", "total", "status", "created_by", "created_at", "bank_reference", "paid_at", "paid_by",
    ]
    exclude = ["file_content"]
    actions_detail = ["download_detail", "mark_paid_detail"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE) or request.user.has_perm(VIEW)

    def has_manage_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE)

    @action(description=_("Download the bank file"), permissions=["manage"], icon="download")
    def download_detail(self, request, object_id):
        batch = self.get_object(request, object_id)
        content_type = "application/xml" if batch.file_name.endswith(".xml") else "text/csv; charset=utf-8"
        response = HttpResponse(batch.file_content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{batch.file_name}"'
        return response

    @action(description=_("Mark paid"), permissions=["manage"], icon="paid")
    @confirm_first(title=_("Did the bank execute this batch?"), submit_label=_("Mark paid"), form_class=BankReferenceForm,
                   message=_("Every payout in it becomes paid; the vendors are told."))
    def mark_paid_detail(self, request, form, object_id):
        try:
            payout_batch_mark_paid(batch=self.get_object(request, object_id), actor=request.user,
                                   bank_reference=form.cleaned_data["bank_reference"])
        except ValidationError as exc:
            _report(self, request, exc)
        else:
            self.message_user(request, _("Batch marked paid."), messages.SUCCESS)
        return redirect(reverse("admin:wallet_payoutbatch_change", args=[object_id]))


class EntryInline(TabularInline):
    model = Entry
    fields = ["account", "amount", "balance_after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account__vendor")


class LedgerReadMixin(ReadOnlyAdminMixin):
    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(VIEW)

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm(VIEW) or request.user.has_perm(MANAGE)


@admin.register(LedgerTransaction, site=staff_site)
class LedgerTransactionAdmin(LedgerReadMixin, ModelAdmin):
    """The ledger browser: every transaction with its entries; nothing here can be changed."""

    list_display = ["created_at", "kind", "vendor", "order", "memo", "key"]
    list_filter = ["kind"]
    search_fields = ["key", "memo", "vendor__shop_name", "order__number"]
    list_select_related = ["vendor", "order"]
    readonly_fields = ["key", "kind", "vendor", "order", "shipment", "payout", "memo", "created_at"]
    inlines = [EntryInline]


@admin.register(Account, site=staff_site)
class AccountAdmin(LedgerReadMixin, ModelAdmin):
    list_display = ["__str__", "kind", "vendor", "balance"]
    list_filter = ["kind"]
    search_fields = ["vendor__shop_name"]
    list_select_related = ["vendor"]
    readonly_fields = ["kind", "vendor", "balance", "created_at"]


@admin.register(BankDetailsChange, site=staff_site)
class BankDetailsChangeAdmin(LedgerReadMixin, ModelAdmin):
    list_display = ["created_at", "vendor", "actor", "old_iban", "new_iban"]
    search_fields = ["vendor__shop_name", "new_iban", "old_iban"]
    list_select_related = ["vendor", "actor"]
    readonly_fields = ["vendor", "actor", "old_iban", "new_iban", "created_at"]


@admin.register(CommissionRule, site=staff_site)
class CommissionRuleAdmin(ModelAdmin):
    """Overrides of the global commission (platform settings), per vendor or per category, with dates."""

    list_display = ["__str__", "vendor", "category", "percent", "fixed_fee", "valid_from", "valid_to"]
    list_filter = ["category"]
    search_fields = ["vendor__shop_name"]
    list_select_related = ["vendor", "category"]
    autocomplete_fields = ["vendor"]


@admin.register(WalletSettings, site=staff_site)
class WalletSettingsAdmin(ModelAdmin):
    list_display = ["__str__", "payout_minimum", "iban_change_hold_hours"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not WalletSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

