"""Vendor site, the shop: every queryset scoped to the signed-in vendor through vendors.access."""

from unfold.admin import ModelAdmin

from backoffice.sites import vendor_site
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


class VendorShopAdmin(VendorScopedAdmin):
    """The vendor's own shop profile: they edit the public description and the payout IBAN."""

    vendor_lookup = "pk"
    list_display = ["shop_name", "legal_name", "vat_number", "status"]
    fields = [
        "shop_name", "legal_name", "vat_number", "vat_payer", "trade_register_number", "registered_address", "status",
        "description", "iban",
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

    def save_model(self, request, obj, form, change) -> None:
        vendor_profile_update(
            vendor=obj, actor=request.user, **{f: form.cleaned_data[f] for f in ("description", "iban")}
        )


vendor_site.register(VendorProfile, VendorShopAdmin)
