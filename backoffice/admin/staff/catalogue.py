"""Staff site, catalogue: reference data (categories, brands, materials, conditions, size charts), listings, the validation queue."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from backoffice.admin.display import ListingDisplayMixin
from backoffice.admin_mixins import ReadOnlyAdminMixin
from backoffice.catalogue_import import CatalogueImportExportMixin
from marketplace.products.attributes import MAX_ATTRIBUTES, attributes_clean
from marketplace.products.models import (
    Attribute,
    Brand,
    Category,
    ConditionGrade,
    ListingAwaitingReview,
    Material,
    Product,
    Size,
    SizeChart,
    SubCategory,
)
from marketplace.products.selectors import product_list_for_admin, validation_queue

staff_site = admin.site


class SubCategoryInline(TabularInline):
    model = SubCategory
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "name_en", "slug", "position"]


@admin.register(Category, site=staff_site)
class CategoryAdmin(ModelAdmin):
    list_display = ["name", "name_en", "parent", "slug", "position"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SubCategoryInline]


@admin.register(Brand, site=staff_site)
class BrandAdmin(ModelAdmin):
    list_display = ["name", "country", "founded"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Material, site=staff_site)
class MaterialAdmin(ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ConditionGrade, site=staff_site)
class ConditionGradeAdmin(ModelAdmin):
    list_display = ["rank", "name", "name_en", "description"]
    ordering = ["rank"]


class SizeInline(TabularInline):
    model = Size
    extra = 0
    fields = ["position", "eu", "it", "fr", "us", "uk"]


@admin.register(SizeChart, site=staff_site)
class SizeChartAdmin(ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories"]
    inlines = [SizeInline]


class AttributeFormSet(BaseInlineFormSet):
    """The wizard's rules for details: a name at most once (whatever its case), both halves given."""

    def clean(self):
        super().clean()
        pairs = [
            (form.cleaned_data.get("name", ""), form.cleaned_data.get("value", ""))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            attributes_clean(pairs)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class AttributeInline(TabularInline):
    model = Attribute
    formset = AttributeFormSet
    extra = 1
    max_num = MAX_ATTRIBUTES
    fields = ["name", "value"]
    verbose_name = _("detail")
    verbose_name_plural = _("other details")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A table cell has no <label> of its own: each input is named for screen readers (axe)."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs["aria-label"] = str(db_field.verbose_name)
        return field


# ---------------------------------------------------------------------------------------------
# Listings: every list is one fixed set of queries (selectors.product_list_for_admin)
# ---------------------------------------------------------------------------------------------
@admin.register(Product, site=admin.site)
class ProductAdmin(CatalogueImportExportMixin, ListingDisplayMixin, ModelAdmin):
    list_display = ["photo", "title", "vendor", "brand", "category", "price", "status_badge", "sku_code", "submitted_at"]
    list_display_links = ["title"]
    list_filter = ["status", "product_type", "category", "brand", "vendor"]
    search_fields = ["title", "sku__code", "vendor__shop_name", "brand__name"]
    readonly_fields = ["status", "rejection_reason", "submitted_at", "reviewed_at", "reviewed_by", "wizard_step"]
    list_per_page = 50
    inlines = [AttributeInline]

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
