"""Staff site, authenticity: the review queue, every request, certificates, brand checklists, the service's price."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from backoffice.admin_mixins import ReadOnlyAdminMixin
from marketplace.authenticity.models import (
    AuthenticationRequest,
    AuthenticitySettings,
    BrandChecklist,
    Certificate,
    ReviewQueueEntry,
)
from marketplace.authenticity.selectors import review_queue

staff_site = admin.site
REVIEW_PERMISSION = "authenticity.change_authenticationrequest"


class ReviewLinkMixin:
    @display(description=_("review"))
    def review(self, obj):
        return format_html('<a class="text-primary-600 font-semibold" href="{}">{}</a>', reverse("authenticity_review", args=[obj.pk]), _("Open"))

    @display(description=_("request"), ordering="pk")
    def reference(self, obj):
        return obj.reference


@admin.register(ReviewQueueEntry, site=staff_site)
class ReviewQueueAdmin(ReviewLinkMixin, ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["reference", "brand", "model_name", "category", "submitted_at", "provider", "provider_error", "review"]
    list_display_links = None
    list_filter = ["category", "provider", "brand"]
    search_fields = ["email", "model_name", "brand__name"]
    ordering = ["submitted_at", "pk"]  # first come, first reviewed

    def get_queryset(self, request):
        return review_queue()

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION)


@admin.register(AuthenticationRequest, site=staff_site)
class AuthenticationRequestAdmin(ReviewLinkMixin, ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["reference", "email", "brand", "model_name", "status", "verdict", "price", "product", "created_at", "review"]
    list_display_links = None
    list_filter = ["status", "verdict", "category", "provider"]
    list_select_related = ["brand", "product"]
    search_fields = ["email", "model_name", "brand__name", "provider_reference"]


@admin.register(Certificate, site=staff_site)
class CertificateAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["serial", "request_link", "key_id", "issued_at", "revoked_at"]
    list_display_links = None
    list_select_related = ["request", "request__brand"]
    search_fields = ["serial", "request__email"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]

    @display(description=_("request"))
    def request_link(self, obj):
        return format_html('<a class="text-primary-600" href="{}">{}</a>', reverse("authenticity_review", args=[obj.request_id]), obj.request)


@admin.register(BrandChecklist, site=staff_site)
class BrandChecklistAdmin(ModelAdmin):
    list_display = ["__str__", "updated_at"]
    list_select_related = ["brand"]
    autocomplete_fields = ["brand"]


@admin.register(AuthenticitySettings, site=staff_site)
class AuthenticitySettingsAdmin(ModelAdmin):
    list_display = ["__str__", "price", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not AuthenticitySettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
