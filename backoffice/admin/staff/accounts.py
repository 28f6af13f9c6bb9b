"""Staff site, accounts: people (their profile, roles and access), sign-in lockouts, authenticator devices."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OTPTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from unfold.admin import ModelAdmin, StackedInline
from unfold.decorators import display
from unfold.forms import AdminPasswordChangeForm

from backoffice.confirm import bulk_confirmation
from marketplace.accounts.models import User, UserProfile
from marketplace.administration.services import user_roles_set

staff_site = admin.site

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


# ---------------------------------------------------------------------------------------------
# Authenticator devices: secrets hidden
# ---------------------------------------------------------------------------------------------
class TOTPDeviceAdmin(OTPTOTPDeviceAdmin, ModelAdmin):
    def _device_or_refuse(self, request, pk) -> TOTPDevice:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        device = get_object_or_404(self.get_queryset(request), pk=pk)
        if settings.OTP_ADMIN_HIDE_SENSITIVE_DATA or not self.has_view_or_change_permission(request, device):
            raise PermissionDenied
        return device

    def config_view(self, request, pk):
        self._device_or_refuse(request, pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        self._device_or_refuse(request, pk)
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
