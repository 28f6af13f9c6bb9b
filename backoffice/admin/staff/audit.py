"""The audit trail in the staff site: every recorded write (django-auditlog), read-only.

Who (the actor), what (model and object), the values before and after, when. Only the Admin role
and superusers see it; nobody adds, edits or deletes an entry here (and the model refuses it too:
``marketplace.common.audit``).
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RangeDateTimeFilter
from unfold.decorators import display

from backoffice.admin_mixins import ReadOnlyAdminMixin
from marketplace.accounts.models import User
from marketplace.administration.roles import ADMIN

ACTION_COLOURS = {
    LogEntry.Action.CREATE: "success",
    LogEntry.Action.UPDATE: "info",
    LogEntry.Action.DELETE: "danger",
    LogEntry.Action.ACCESS: "warning",
}


def _field_label(model, name: str) -> str:
    if model is None:
        return name
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except (FieldDoesNotExist, AttributeError):
        return name


def _model_label(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return str(capfirst(model._meta.verbose_name)) if model else entry.content_type.model


def _shown(value) -> str:
    if value is None or value == "None" or value == "":
        return "—"
    return str(value)


def audit_trail_visible(request) -> bool:
    """The Admin role and superusers read the audit trail (the sidebar link asks this too)."""
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.has_role(ADMIN)))


class ModelFilter(SimpleListFilter):
    """The kinds of rows that have entries, by their translated name."""

    title = _("what")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        recorded = [ContentType.objects.get_for_model(model, for_concrete_model=False) for model in auditlog.get_models()]
        pairs = [(ct.pk, str(capfirst(ct.model_class()._meta.verbose_name_plural))) for ct in recorded if ct.model_class()]
        return sorted(set(pairs), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


class ActorFilter(SimpleListFilter):
    """Who made the change: the staff (and the shops' people) who have entries, or nobody (jobs)."""

    title = _("who")
    parameter_name = "actor"
    NOBODY = "none"

    def lookups(self, request, model_admin):
        people = User.objects.filter(pk__in=LogEntry.objects.filter(actor__isnull=False).values("actor_id")).order_by("email")
        return [(self.NOBODY, _("The platform (jobs, no person)")), *((str(user.pk), user.email) for user in people)]

    def queryset(self, request, queryset):
        if self.value() == self.NOBODY:
            return queryset.filter(actor__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(actor_id=int(self.value()))
        return queryset


# django-auditlog registers its own English admin on the default (staff) site: this one replaces it.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry, site=admin.site)
class AuditEntryAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["when", "who", "model_name", "action_badge", "object_link", "changed_fields"]
    list_display_links = ["when"]
    list_filter = [("timestamp", RangeDateTimeFilter), "action", ModelFilter, ActorFilter]
    list_filter_submit = True
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_repr", "actor__email"]
    date_hierarchy = "timestamp"
    ordering = ["-timestamp", "-pk"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": [("when", "who"), ("model_name", "action_badge"), "object_link", "remote_addr"]}),
        (_("Values before and after"), {"fields": ["diff"]}),
    ]
    readonly_fields = ["when", "who", "model_name", "action_badge", "object_link", "remote_addr", "diff"]

    # --- who may see it: the Admin role and superusers, nobody may change it ----------------------
    def has_module_permission(self, request) -> bool:
        return audit_trail_visible(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return audit_trail_visible(request)

    # --- columns ----------------------------------------------------------------------------
    @display(description=_("when"), ordering="timestamp")
    def when(self, obj: LogEntry):
        return obj.timestamp

    @display(description=_("who"), ordering="actor__email")
    def who(self, obj: LogEntry) -> str:
        if obj.actor is not None:
            return obj.actor.email
        return obj.actor_email or str(_("The platform (jobs, no person)"))

    @display(description=_("what"))
    def model_name(self, obj: LogEntry) -> str:
        return _model_label(obj)

    @display(description=_("action"), label=ACTION_COLOURS)
    def action_badge(self, obj: LogEntry):
        return obj.action, obj.get_action_display()

    @display(description=_("object"))
    def object_link(self, obj: LogEntry):
        ct = obj.content_type
        try:
            url = reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[obj.object_pk])
        except NoReverseMatch:
            return obj.object_repr
        return format_html('<a class="text-primary-600" href="{}">{}</a>', url, obj.object_repr)

    @display(description=_("fields changed"))
    def changed_fields(self, obj: LogEntry) -> str:
        if obj.action == LogEntry.Action.DELETE:
            return "—"
        model = obj.content_type.model_class()
        return ", ".join(_field_label(model, name) for name in obj.changes_dict) or "—"

    @display(description=_("values"))
    def diff(self, obj: LogEntry):
        """A table: field, before, after (choice labels and related rows by name)."""
        model = obj.content_type.model_class()
        shown = {str(key).lower(): values for key, values in obj.changes_display_dict.items()}
        rows = []
        for name, change in obj.changes_dict.items():
            label = _field_label(model, name)
            if isinstance(change, dict) and change.get("type") == "m2m":
                operation = {"add": _("added"), "delete": _("removed")}.get(change.get("operation"), change.get("operation"))
                rows.append((label, "—", f"{operation}: {', '.join(map(str, change.get('objects', [])))}"))
                continue
            before, after = change if isinstance(change, list | tuple) and len(change) == 2 else ("", change)
            display_values = shown.get(_field_label(model, name).lower()) or shown.get(name)
            if isinstance(display_values, list | tuple) and len(display_values) == 2:
                before, after = display_values
            rows.append((label, _shown(before), _shown(after)))
        if not rows:
            return "—"
        head = format_html(
            '<tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr>', _("field"), _("before"), _("after")
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html('<table class="w-full text-sm text-left" data-audit-diff>{}{}</table>', head, body)
