"""Registrations on both back offices. Writes go through the domain services."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_q.admin import FailAdmin, ScheduleAdmin
from django_q.models import Failure, Schedule
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.decorators import action, display
from unfold.forms import AdminPasswordChangeForm
from unfold.widgets import UnfoldAdminTextareaWidget

from marketplace.accounts.models import User, UserProfile
from marketplace.administration.models import PlatformSettingEntry, Role
from marketplace.administration.services import user_roles_set
from marketplace.products.models import Brand, Category, ConditionGrade, Material, Size, SizeChart, SubCategory
from marketplace.vendors.access import vendor_scope
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_approve, vendor_profile_update, vendor_suspend

from .confirm import bulk_confirmation, confirm_first
from .sites import vendor_site

staff_site = admin.site

# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------
staff_site.unregister(Group)  # groups are managed through Role, which keeps them in sync


class UserCreationForm(DjangoUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserProfileInline(StackedInline):
    model = UserProfile
    can_delete = False
    extra = 0
    fieldsets = [
        (None, {"fields": [("phone", "date_of_birth")]}),
        (_("Address"), {"fields": ["address_line1", "address_line2", ("city", "postal_code", "country")]}),
        (
            _("Invoicing"),
            {"fields": [("is_corporate", "company_name", "vat_number"), "billing_address_line1", "billing_address_line2"]},
        ),
        (_("Saved sizes"), {"fields": ["saved_dimensions"]}),
    ]


@admin.register(User, site=staff_site)
class UserAdmin(DjangoUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    inlines = [UserProfileInline]
    list_display = ["email", "full_name", "role_names", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "username", "first_name", "last_name"]
    ordering = ["-date_joined"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["email", "username", "password"]}),
        (_("Name"), {"fields": [("first_name", "last_name")]}),
        (_("Roles and access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": [("last_login", "date_joined")]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":  # a group is a role's shadow: only roles' groups are offered
            kwargs["queryset"] = Group.objects.filter(role__isnull=False).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Roles chosen in the groups field go through the role services, never straight into the m2m."""
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            user_roles_set(user=form.instance, slugs=[group.role.slug for group in groups.select_related("role")])

    @display(description=_("name"))
    def full_name(self, obj: User) -> str:
        return obj.get_full_name() or "—"

    @display(description=_("roles"))
    def role_names(self, obj: User) -> str:
        return ", ".join(g.name for g in obj.groups.all()) or "—"


# ---------------------------------------------------------------------------------------------
# Vendors
# ---------------------------------------------------------------------------------------------
class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the vendor sees it)"), max_length=500, widget=UnfoldAdminTextareaWidget
    )


@admin.register(VendorProfile, site=staff_site)
class VendorProfileAdmin(ModelAdmin):
    list_display = ["shop_name", "user", "legal_name", "vat_number", "status_badge", "created_at"]
    list_filter = ["status", "is_private_seller"]
    search_fields = ["shop_name", "legal_name", "vat_number", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["status", "status_reason", "status_changed_at", "status_changed_by", "created_at"]
    autocomplete_fields = ["user"]
    prepopulated_fields = {"slug": ["shop_name"]}
    actions = ["approve_selected"]
    actions_detail = ["approve_detail", "suspend_detail"]
    fieldsets = [
        (None, {"fields": ["user", ("shop_name", "slug"), "is_private_seller", "description"]}),
        (_("Legal and payout"), {"fields": [("legal_name", "vat_number"), "iban"]}),
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


# ---------------------------------------------------------------------------------------------
# Catalogue reference data
# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
# Platform: roles, key/value settings, jobs
# ---------------------------------------------------------------------------------------------
@admin.register(Role, site=staff_site)
class RoleAdmin(ModelAdmin):
    list_display = ["name", "slug", "description", "permission_count"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["permissions"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_permissions=Count("permissions"))

    @display(description=_("permissions"), ordering="n_permissions")
    def permission_count(self, obj: Role) -> int:
        return obj.n_permissions

    def get_readonly_fields(self, request, obj=None):
        from marketplace.administration.roles import PRESET_ROLES

        return ["slug"] if obj is not None and obj.slug in PRESET_ROLES else []

    def has_delete_permission(self, request, obj=None) -> bool:
        from marketplace.administration.roles import PRESET_ROLES

        if obj is not None and obj.slug in PRESET_ROLES:
            return False  # code relies on the preset roles
        return super().has_delete_permission(request, obj)


@admin.register(PlatformSettingEntry, site=staff_site)
class PlatformSettingEntryAdmin(ModelAdmin):
    list_display = ["key", "value", "description", "updated_at"]
    search_fields = ["key", "description"]


for model in (Schedule, Failure):
    if staff_site.is_registered(model):
        staff_site.unregister(model)


@admin.register(Schedule, site=staff_site)
class JobScheduleAdmin(ScheduleAdmin, ModelAdmin):
    pass


@admin.register(Failure, site=staff_site)
class JobFailureAdmin(FailAdmin, ModelAdmin):
    pass


# ---------------------------------------------------------------------------------------------
# Vendor back office: every queryset scoped to the signed-in vendor through vendors.access
# ---------------------------------------------------------------------------------------------
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
    fields = ["shop_name", "legal_name", "vat_number", "status", "description", "iban"]
    readonly_fields = ["shop_name", "legal_name", "vat_number", "status"]

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


# ---------------------------------------------------------------------------------------------
# Sign-in lockouts (django-axes): staff see who is locked out and unlock them
# ---------------------------------------------------------------------------------------------
@admin.register(AccessAttempt, site=staff_site)
class AccessAttemptAdmin(ModelAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    readonly_fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time"]
    fields = readonly_fields
    actions = ["unlock_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Unlock selected sign-ins"), permissions=["change"])
    def unlock_selected(self, request, queryset):
        page = bulk_confirmation(self, request, queryset, title=_("Unlock these sign-ins?"), submit_label=_("Unlock"))
        if page is not None:
            return page
        unlocked = 0
        for attempt in queryset:
            unlocked += axes_reset(username=attempt.username, ip=attempt.ip_address)
        self.message_user(request, _("Unlocked %(n)s sign-in(s).") % {"n": unlocked}, messages.SUCCESS)
# Registrations in their own modules (each imported for its side effect of registering):
from . import (  # noqa: E402
    auctions_admin,  # noqa: F401  (auctions: staff live list, vendor results)
    audit_admin,  # noqa: F401  (the audit trail: staff site, read-only)
    catalogue_admin,  # noqa: F401  (listings: staff queue and vendor products)
    orders_admin,  # noqa: F401  (orders: staff list and actions, vendor shipments)
    otp_admin,  # noqa: F401  (authenticator devices, secrets hidden)
)
