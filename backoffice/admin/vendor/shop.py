"""Vendor site, the shop: every queryset scoped to the signed-in vendor through vendors.access."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.widgets import UnfoldAdminTextInputWidget

from backoffice.sites import vendor_site
from doors.errors import form_add_service_error
from marketplace.vendors.access import vendor_scope
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_profile_update


class VendorScopedAdmin(ModelAdmin):
    """Base for everything registered on the vendor site.

    ``vendor_lookup`` is the path from the model to its VendorProfile. The queryset (and so
    every changelist, change view, delete and action) holds only the vendor's own rows; an id
    of another vendor's row answers as if it did not exist.
    """

    vendor_lookup = "vendor"

    def get_queryset(self, request):
        return vendor_scope(super().get_queryset(request), user=request.user, lookup=self.vendor_lookup)

    def has_module_permission(self, request) -> bool:
        return vendor_site.has_permission(request)


class VendorShopForm(forms.ModelForm):
    """The shop's editable details; the change itself is made by ``vendor_profile_update`` when the
    form is cleaned, so its refusals (a new IBAN without a fresh second-factor code) land on the form."""

    two_factor_code = forms.CharField(
        label=_("Second-factor code"), required=False, max_length=20, widget=UnfoldAdminTextInputWidget,
        help_text=_("Needed only to change the IBAN: a code from your authenticator app, a backup code, or a code by e-mail or SMS (ask for one at /accounts/2fa/code/). "
                    "Payouts pause for 48 hours after the IBAN changes."),
    )
    request = None  # set by the admin

    class Meta:
        model = VendorProfile
        fields = ["description", "iban"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.request is None:
            return cleaned
        try:
            with transaction.atomic():
                self.saved = vendor_profile_update(
                    vendor=self.instance, actor=self.request.user, description=cleaned.get("description", ""),
                    iban=cleaned.get("iban", ""), two_factor_code=cleaned.get("two_factor_code", ""),
                )
        except ValidationError as exc:
            form_add_service_error(self, exc)
        return cleaned


class VendorShopAdmin(VendorScopedAdmin):
    """The vendor's own shop profile: they edit the public description and the payout IBAN."""

    vendor_lookup = "pk"
    form = VendorShopForm
    list_display = ["shop_name", "legal_name", "vat_number", "status"]
    fields = [
        "shop_name", "legal_name", "vat_number", "vat_payer", "trade_register_number", "registered_address", "status",
        "description", "iban", "two_factor_code",
    ]
    # Legal data is what invoices print: staff check and change it, the vendor sees it.
    readonly_fields = [
        "shop_name", "legal_name", "vat_number", "vat_payer", "trade_register_number", "registered_address", "status",
    ]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("vendors.can_view_vendor_dashboard")

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("vendors.can_edit_vendor_profile")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return type(form_class.__name__, (form_class,), {"request": request})

    def save_model(self, request, obj, form, change) -> None:
        """Saved already by the service when the form was cleaned (VendorShopForm)."""


vendor_site.register(VendorProfile, VendorShopAdmin)
