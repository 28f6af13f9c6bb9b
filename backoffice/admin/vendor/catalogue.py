"""Vendor site, catalogue: the vendor's own listings; new ones start in the six-step wizard."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from backoffice.admin.display import ListingDisplayMixin
from backoffice.admin_mixins import VendorReadOnlyAdminMixin
from backoffice.catalogue_import import CatalogueImportExportMixin
from backoffice.sites import vendor_site
from marketplace.products.models import Product
from marketplace.products.selectors import product_list_for_admin
from marketplace.vendors.access import vendor_scope


class VendorProductAdmin(CatalogueImportExportMixin, VendorReadOnlyAdminMixin, ListingDisplayMixin, ModelAdmin):
    """The vendor's own listings (`vendor_products`). New ones start in the six-step wizard."""

    list_display = ["photo", "title", "brand", "category", "price", "status_badge", "sku_code", "rejection_reason", "manage"]
    list_display_links = ["title"]
    actions_list = ["add_listing", "sku_codes"]
    list_filter = ["status", "product_type", "category", "brand"]
    search_fields = ["title", "sku__code"]
    readonly_fields = [
        "title", "title_en", "description", "description_en", "category", "subcategory", "brand", "product_type",
        "condition", "status",
        "rejection_reason", "submitted_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return vendor_scope(product_list_for_admin(), user=request.user)

    @action(description=_("Add a product"), icon="add", url_path="add-listing", permissions=["view"])
    def add_listing(self, request):
        return redirect("product_add_step1")

    @action(description=_("SKU codes"), icon="qr_code", url_path="sku-codes", permissions=["view"])
    def sku_codes(self, request):
        return redirect("sku_generation")

    @display(description=_("actions"))
    def manage(self, obj: Product):
        """Continue a draft where it stopped, edit, move to auction, delete."""
        links = []
        if obj.status == "draft":
            step = min(obj.wizard_step, 6)
            links.append((f"{reverse(f'product_add_step{step}')}?product={obj.pk}", _("Continue (step %(n)s)") % {"n": step}))
        else:
            links.append((reverse("product_edit", args=[obj.pk]), _("Edit")))
        if obj.kind == "store":
            links.append((reverse("submit_to_auction", args=[obj.pk]), _("To auction")))
        links.append((reverse("product_delete", args=[obj.pk]), _("Delete")))
        return format_html_join(" · ", '<a class="text-primary-600" href="{}">{}</a>', links)


vendor_site.register(Product, VendorProductAdmin)
