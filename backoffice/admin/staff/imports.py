"""Staff site, imports: every spreadsheet import, vendors' included (who imported what, when, with what result)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from backoffice.admin_mixins import ReadOnlyAdminMixin
from marketplace.products.models import ImportJob


@admin.register(ImportJob, site=admin.site)
class ImportJobAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["pk", "file_name", "owner", "vendor", "for_staff", "status_badge", "total", "error_count", "created_count", "created_at", "open"]
    list_display_links = None
    list_filter = ["status", "for_staff", "vendor"]
    search_fields = ["owner__email", "vendor__shop_name"]
    list_select_related = ["owner", "vendor"]
    list_per_page = 50
    readonly_fields = [
        "owner", "vendor", "for_staff", "source", "photos", "status", "total", "done", "error_count", "errors",
        "photo_errors", "created_count", "photos_added", "task_id", "created_at", "finished_at",
    ]
    fields = readonly_fields

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.has_perm("products.change_product")

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @display(description=_("file"))
    def file_name(self, obj: ImportJob):
        return obj.source.name.rsplit("/", 1)[-1]

    @display(
        description=_("status"),
        label={"done": "success", "ready": "info", "invalid": "danger", "failed": "danger", "importing": "warning", "checking": "warning"},
    )
    def status_badge(self, obj: ImportJob):
        return obj.status, obj.get_status_display()

    @display(description=_("details"))
    def open(self, obj: ImportJob):
        return format_html('<a class="text-primary-600" href="{}">{}</a>', reverse("import_job", args=[obj.pk]), _("Open"))
