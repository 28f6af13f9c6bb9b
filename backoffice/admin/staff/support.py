"""Staff site, support: the ticket queue (time left on each SLA, breaches flagged), SLA targets, support settings.

The queue is scoped by ``marketplace.support.access``: an agent sees what nobody has taken and what
they hold; a manager sees everything. A ticket opens on its work page (``StaffTicketView`` as the change view), where every
change goes through the support services.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from backoffice.admin_mixins import ReadOnlyAdminMixin
from backoffice.support_views import StaffTicketView
from marketplace.support.access import (
    chat_scope_for_staff,
    is_support_manager,
    is_support_staff,
    ticket_scope_for_staff,
)
from marketplace.support.models import LiveChat, LiveChatMessage, SlaTarget, SupportSettings, Ticket
from marketplace.support.selectors import OPEN_TICKET_STATUSES, ticket_sla_clock
from marketplace.support.services import support_settings_update
from marketplace.support.sla import duration_text

STATUS_COLOURS = {"new": "info", "open": "warning", "waiting": "info", "resolved": "success", "closed": "success"}
PRIORITY_COLOURS = {"low": "info", "normal": "info", "high": "warning", "urgent": "danger"}


class SlaBreachFilter(admin.SimpleListFilter):
    title = _("SLA")
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return [("breached", _("Breached")), ("ok", _("Within target"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        late = (
            Q(first_response_at__isnull=True, first_response_due_at__lt=now)
            | Q(first_response_at__gt=F("first_response_due_at"))
            | Q(resolved_at__isnull=True, resolution_due_at__lt=now)
            | Q(resolved_at__gt=F("resolution_due_at"))
        )
        if self.value() == "breached":
            return queryset.filter(late)
        if self.value() == "ok":
            return queryset.exclude(late)
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("mine", _("Mine")), ("nobody", _("Nobody yet"))]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


class OpenFilter(admin.SimpleListFilter):
    title = _("open or done")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("1", _("Open")), ("0", _("Resolved or closed"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(status__in=OPEN_TICKET_STATUSES)
        if self.value() == "0":
            return queryset.exclude(status__in=OPEN_TICKET_STATUSES)
        return queryset


@admin.register(Ticket, site=admin.site)
class TicketAdmin(ModelAdmin):
    list_display = ["number", "subject", "requester_email", "priority_badge", "status_badge", "assignee", "sla", "created_at"]
    list_display_links = ["number", "subject"]
    list_filter = [OpenFilter, "status", "priority", AssignedFilter, SlaBreachFilter, "source"]
    search_fields = ["subject", "requester__email", "order__number"]
    list_per_page = 50
    ordering = ["resolution_due_at", "pk"]

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("requester", "assignee")
        return ticket_scope_for_staff(rows, user=request.user)

    def has_module_permission(self, request) -> bool:
        return is_support_staff(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_support_staff(request.user)

    def has_add_permission(self, request) -> bool:
        return False  # tickets are opened by buyers, vendors and the live queue

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # worked on the ticket's page, through the services

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The ticket's work page (conversation, notes, history, actions) instead of a form of its fields."""
        if not str(object_id).isdigit():
            raise Http404
        return StaffTicketView.as_view(admin_site=self.admin_site)(request, ticket_id=int(object_id))

    @display(description=_("number"), ordering="pk")
    def number(self, obj: Ticket) -> str:
        return f"#{obj.pk}"

    @display(description=_("requester"), ordering="requester__email")
    def requester_email(self, obj: Ticket) -> str:
        return obj.requester.email

    @display(description=_("priority"), label=PRIORITY_COLOURS, ordering="priority")
    def priority_badge(self, obj: Ticket):
        return obj.priority, obj.get_priority_display()

    @display(description=_("status"), label=STATUS_COLOURS, ordering="status")
    def status_badge(self, obj: Ticket):
        return obj.status, obj.get_status_display()

    @display(description=_("time left (SLA)"), ordering="resolution_due_at")
    def sla(self, obj: Ticket):
        return sla_cell(obj)


def sla_cell(ticket: Ticket):
    clock = ticket_sla_clock(ticket)
    left = clock.next_left
    if clock.breached:
        text = _("breached") + (f" ({duration_text(left)})" if left is not None else "")
        return format_html('<span class="text-red-600 font-semibold" data-sla="breached">⚠ {}</span>', text)
    if left is None:
        return format_html('<span data-sla="done">{}</span>', _("met"))
    return format_html('<span data-sla="ok">{}</span>', duration_text(left))


@admin.register(SlaTarget, site=admin.site)
class SlaTargetAdmin(ModelAdmin):
    list_display = ["priority", "first_response_minutes", "resolution_minutes"]
    list_editable = ["first_response_minutes", "resolution_minutes"]
    fields = ["priority", "first_response_minutes", "resolution_minutes"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # one row per priority; a missing one falls back to the defaults

    def get_readonly_fields(self, request, obj=None):
        return ["priority"] if obj is not None else []


@admin.register(SupportSettings, site=admin.site)
class SupportSettingsAdmin(ModelAdmin):
    fields = ["live_wait_minutes", "presence_seconds"]

    def has_add_permission(self, request) -> bool:
        return not SupportSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        row = SupportSettings.objects.first() or SupportSettings.objects.create()
        return redirect(reverse("admin:support_supportsettings_change", args=[row.pk]))

    def save_model(self, request, obj, form, change):
        try:
            support_settings_update(actor=request.user, **{f: form.cleaned_data[f] for f in self.fields})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))

    def has_change_permission(self, request, obj=None) -> bool:
        return is_support_manager(request.user) or super().has_change_permission(request, obj)


class LiveChatMessageInline(ReadOnlyAdminMixin, TabularInline):
    model = LiveChatMessage
    fields = ["created_at", "from_agent", "author", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(LiveChat, site=admin.site)
class LiveChatAdmin(ReadOnlyAdminMixin, ModelAdmin):
    """Live conversations, read-only: the work happens on `admin_chat`; this is their record."""

    list_display = ["pk", "topic", "requester", "status", "agent", "created_at", "ticket"]
    list_filter = ["status"]
    search_fields = ["topic", "requester__email"]
    list_per_page = 50
    fields = ["requester", "status", "agent", "topic", "taken_at", "closed_at", "ticket"]
    readonly_fields = fields
    inlines = [LiveChatMessageInline]

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("requester", "agent", "ticket")
        return chat_scope_for_staff(rows, user=request.user)

    def has_module_permission(self, request) -> bool:
        return is_support_staff(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_support_staff(request.user)
