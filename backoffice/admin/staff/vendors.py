"""Staff site, vendors: shops, their approval and suspension (through the vendor services)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from backoffice.confirm import bulk_confirmation, confirm_first
from doors.errors import form_add_service_error
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_approve, vendor_iban_set, vendor_suspend
from marketplace.wallet.periods import current_period

staff_site = admin.site


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the vendor sees it)"), max_length=500, widget=UnfoldAdminTextareaWidget
    )


class StaffVendorForm(forms.ModelForm):
    """A new payout IBAN goes through ``vendor_iban_set`` (a fresh second-factor code of the staff
    member; recorded, so that person cannot approve the shop's payouts for 48 hours)."""

    two_factor_code = forms.CharField(
        label=_("Second-factor code"), required=False, max_length=20, widget=UnfoldAdminTextInputWidget,
        help_text=_("Needed only to change the IBAN: a code from your authenticator app, a backup code, or a code by e-mail or SMS (ask for one at /accounts/2fa/code/)."),
    )
    request = None  # set by the admin

    class Meta:
        model = VendorProfile
        fields = ["iban"]  # the admin's fieldsets give the full list

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.request is None or not self.instance.pk or "iban" not in self.changed_data:
            return cleaned
        try:
            with transaction.atomic():
                vendor_iban_set(
                    vendor=self.instance, actor=self.request.user, iban=cleaned.get("iban", ""),
                    two_factor_code=cleaned.get("two_factor_code", ""),
                )
        except ValidationError as exc:
            form_add_service_error(self, exc)
        return cleaned


@admin.register(VendorProfile, site=staff_site)
class VendorProfileAdmin(ModelAdmin):
    form = StaffVendorForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return type(form_class.__name__, (form_class,), {"request": request})

    list_display = ["shop_name", "user", "legal_name", "vat_number", "status_badge", "created_at"]
    list_filter = ["status", "is_private_seller"]
    search_fields = ["shop_name", "legal_name", "vat_number", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["status", "status_reason", "status_changed_at", "status_changed_by", "created_at"]
    autocomplete_fields = ["user"]
    prepopulated_fields = {"slug": ["shop_name"]}
    actions = ["approve_selected"]
    actions_detail = ["approve_detail", "suspend_detail", "statement_detail", "documents_detail"]
    fieldsets = [
        (None, {"fields": ["user", ("shop_name", "slug"), "is_private_seller", "description"]}),
        (_("Legal and payout"), {"fields": [
            ("legal_name", "vat_number", "vat_payer"), ("trade_register_number", "registered_address"), ("iban", "two_factor_code"),
            "shipping_prices",
        ]}),
        (_("Status"), {"fields": [("status", "status_changed_at", "status_changed_by"), "status_reason"]}),
    ]

    @display(description=_("status"), label={"pending": "warning", "approved": "success", "suspended": "danger"})
    def status_badge(self, obj: VendorProfile):
        return obj.status, obj.get_status_display()

    @admin.action(description=_("Approve selected vendors"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        page = bulk_confirmation(
            self, request, queryset, title=_("Approve these shops?"), submit_label=_("Approve"),
            message=_("Each shop gets into the vendor back office and its owner the Vendor role."),
        )
        if page is not None:
            return page
        for vendor in queryset:
            vendor_approve(vendor=vendor, actor=request.user)
        self.message_user(request, _("Approved %(n)s vendor(s).") % {"n": queryset.count()}, messages.SUCCESS)
        return None

    @action(description=_("Approve"), permissions=["approve"], icon="check_circle")
    @confirm_first(
        title=_("Approve this shop?"), submit_label=_("Approve"),
        message=_("The shop gets into the vendor back office and its owner the Vendor role."),
    )
    def approve_detail(self, request, object_id):
        vendor = self.get_object(request, object_id)
        vendor_approve(vendor=vendor, actor=request.user)
        self.message_user(request, _("%(shop)s is approved.") % {"shop": vendor}, messages.SUCCESS)
        return redirect(reverse("admin:vendors_vendorprofile_change", args=[object_id]))

    @action(description=_("Suspend"), permissions=["suspend"], icon="block")
    @confirm_first(
        title=_("Suspend this shop?"), submit_label=_("Suspend"), form_class=SuspendForm, danger=True,
        message=_("The shop leaves the vendor back office until it is approved again; the vendor sees the reason."),
    )
    def suspend_detail(self, request, form, object_id):
        vendor = self.get_object(request, object_id)
        try:
            vendor_suspend(vendor=vendor, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("%(shop)s is suspended.") % {"shop": vendor}, messages.WARNING)
        return redirect(reverse("admin:vendors_vendorprofile_change", args=[object_id]))

    @action(description=_("Wallet statement (this month)"), permissions=["wallet"], icon="receipt_long")
    def statement_detail(self, request, object_id):
        return redirect(reverse("admin:wallet_vendorstatement_on_demand", args=[object_id, f"{current_period():%Y-%m}"]))

    @action(description=_("Statements and commission invoices"), permissions=["wallet"], icon="folder_open")
    def documents_detail(self, request, object_id):
        return redirect(reverse("admin:wallet_vendorstatement_changelist") + f"?vendor__id__exact={int(object_id)}")

    def has_wallet_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("wallet.can_view_ledger") or request.user.has_perm("wallet.can_manage_payouts")

    def _vendor(self, obj) -> VendorProfile | None:
        """Unfold passes the object id (a string) to the permission checks of detail actions."""
        if obj is None or isinstance(obj, VendorProfile):
            return obj
        return VendorProfile.objects.filter(pk=obj).first() if str(obj).isdigit() else None

    def has_approve_permission(self, request, obj=None) -> bool:
        """Approving (or reinstating) needs the permission, and a shop that is not approved yet."""
        if not request.user.has_perm("vendors.approve_vendor"):
            return False
        vendor = self._vendor(obj)
        return vendor is None or vendor.status != VendorProfile.Status.APPROVED

    def has_suspend_permission(self, request, obj=None) -> bool:
        """Suspending needs the same permission, and a shop that is not suspended already."""
        if not request.user.has_perm("vendors.approve_vendor"):
            return False
        vendor = self._vendor(obj)
        return vendor is None or vendor.status != VendorProfile.Status.SUSPENDED
