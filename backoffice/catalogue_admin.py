"""Listings in both back offices: every list is one fixed set of queries (selectors.product_list_for_admin)."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from marketplace.common.money import format_money
from marketplace.products.models import ListingAwaitingReview, Product
from marketplace.products.selectors import product_list_for_admin, validation_queue

from .admin_mixins import ReadOnlyAdminMixin, VendorReadOnlyAdminMixin
from .catalogue_import import CatalogueImportExportMixin
from .sites import vendor_site

STATUS_COLOURS = {"draft": "info", "pending": "warning", "validated": "success", "rejected": "danger"}


class ListingDisplayMixin:
    @display(description=_("photo"))
    def photo(self, obj: Product):
        images = getattr(obj, "primary_images", None)
        if not images:
            return "—"
        image = images[0]
        url = image.image.storage.url(image.renditions.get("thumb") or image.image.name)
        return format_html('<img src="{}" alt="{}" width="48" height="48" style="object-fit:cover;border-radius:4px">', url, image.alt_text)

    @display(description=_("status"), label=STATUS_COLOURS)
    def status_badge(self, obj: Product):
        return obj.status, obj.get_status_display()

    @display(description=_("price"))
    def price(self, obj: Product):
        if obj.kind == "store":
            return format_money(obj.storeproduct.price)
        if obj.kind == "auction":
            return _("auction from %(price)s lei") % {"price": format_money(obj.auctionproduct.starting_price, unit=False)}
        return "—"

    @display(description=_("SKU"))
    def sku_code(self, obj: Product):
        return getattr(getattr(obj, "sku", None), "code", "—")


@admin.register(Product, site=admin.site)
class ProductAdmin(CatalogueImportExportMixin, ListingDisplayMixin, ModelAdmin):
    list_display = ["photo", "title", "vendor", "brand", "category", "price", "status_badge", "sku_code", "submitted_at"]
    list_display_links = ["title"]
    list_filter = ["status", "product_type", "category", "brand", "vendor"]
    search_fields = ["title", "sku__code", "vendor__shop_name", "brand__name"]
    readonly_fields = ["status", "rejection_reason", "submitted_at", "reviewed_at", "reviewed_by", "wizard_step"]
    list_per_page = 50

    def get_queryset(self, request):
        return product_list_for_admin()

    def has_add_permission(self, request) -> bool:
        return False  # listings are made by vendors, through the wizard or an import


@admin.register(ListingAwaitingReview, site=admin.site)
class ValidationQueueAdmin(ReadOnlyAdminMixin, ListingDisplayMixin, ModelAdmin):
    list_display = ["photo", "title", "vendor", "brand", "category", "price", "submitted_at", "review"]
    list_display_links = None
    ordering = ["submitted_at", "pk"]  # oldest first: first come, first reviewed
    search_fields = ["title", "vendor__shop_name", "brand__name"]
    list_filter = ["category", "brand", "vendor"]

    def get_queryset(self, request):
        return validation_queue()

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("products.approve_product")

    @display(description=_("review"))
    def review(self, obj: Product):
        return format_html('<a class="text-primary-600 font-semibold" href="{}">{}</a>', reverse("validate_post", args=[obj.pk]), _("Review"))


class VendorProductAdmin(CatalogueImportExportMixin, VendorReadOnlyAdminMixin, ListingDisplayMixin, ModelAdmin):
    """The vendor's own listings (`vendor_products`). New ones start in the six-step wizard."""

    list_display = ["photo", "title", "brand", "category", "price", "status_badge", "sku_code", "rejection_reason", "manage"]
    list_display_links = ["title"]
    actions_list = ["add_listing", "sku_codes"]
    list_filter = ["status", "product_type", "category", "brand"]
    search_fields = ["title", "sku__code"]
    readonly_fields = [
        "title", "description", "category", "subcategory", "brand", "product_type", "condition", "status",
        "rejection_reason", "submitted_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        from marketplace.vendors.access import vendor_scope

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
