"""Staff site, platform settings: roles (groups with permissions) and key/value setting entries."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from marketplace.administration.models import PlatformSettingEntry, Role
from marketplace.administration.roles import PRESET_ROLES

staff_site = admin.site


@admin.register(Role, site=staff_site)
class RoleAdmin(ModelAdmin):
    list_display = ["name", "slug", "description", "permission_count"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["permissions"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_permissions=Count("permissions"))

    @display(description=_("permissions"), ordering="n_permissions")
    def permission_count(self, obj: Role) -> int:
        return obj.n_permissions

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None and obj.slug in PRESET_ROLES else []

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.slug in PRESET_ROLES:
            return False  # code relies on the preset roles
        return super().has_delete_permission(request, obj)


@admin.register(PlatformSettingEntry, site=staff_site)
class PlatformSettingEntryAdmin(ModelAdmin):
    list_display = ["key", "value", "description", "updated_at"]
    search_fields = ["key", "description"]
