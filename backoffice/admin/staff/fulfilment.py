"""Staff site, fulfilment: the returns queue (age of each request, filters; decisions on escalated
requests) and the late and at-risk shipments (deadline passed or within a day, not handed over).

Viewing needs ``orders.can_view_all_orders``; deciding and the return steps ``orders.can_manage_orders``.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from backoffice.admin.display import ORDER_STATUS_COLOURS
from backoffice.admin.returns import ReasonDialog, ReturnActionsMixin, ReturnDisplayMixin
from backoffice.admin_mixins import ReadOnlyAdminMixin
from backoffice.confirm import confirm_first
from marketplace.orders.fulfilment import shipments_late_or_at_risk
from marketplace.orders.models import ReturnRequest, ShipmentDeadline
from marketplace.orders.returns import return_decide, returns_for_staff

R = ReturnRequest.Status


class OrdersStaffMixin(ReadOnlyAdminMixin):
    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("orders.can_view_all_orders")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("orders.can_view_all_orders")


class OpenFilter(admin.SimpleListFilter):
    title = _("open")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Open")), ("team", _("Waiting for the team"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=ReturnRequest.OPEN)
        if self.value() == "team":
            return queryset.filter(status=R.ESCALATED)
        return queryset


@admin.register(ReturnRequest, site=admin.site)
class ReturnRequestAdmin(ReturnDisplayMixin, ReturnActionsMixin, OrdersStaffMixin, ModelAdmin):
    """The returns queue, oldest first: escalated requests are the team's to decide."""

    list_filter = [OpenFilter, "status", "escalation", "reason", ("created_at", admin.DateFieldListFilter)]
    ordering = ["created_at", "pk"]
    actions_detail = ["decide_accept", "decide_refuse", "record_tracking", "receive", "refund"]
    change_view_name = "admin:orders_returnrequest_change"

    def get_queryset(self, request):
        return returns_for_staff().prefetch_related("items__order_item", "photos")

    def _may_act(self, request) -> bool:
        return request.user.has_perm("orders.can_manage_orders")

    def has_decide_permission(self, request, object_id=None) -> bool:
        return self._at(request, object_id, R.ESCALATED, R.REQUESTED)

    @action(description=_("Accept the return"), permissions=["decide"], icon="check_circle")
    @confirm_first(title=_("Accept this return?"), submit_label=_("Accept"),
                   message=_("The team's decision is final: the buyer sends the parcel back and is refunded after inspection."))
    def decide_accept(self, request, object_id):
        return self._accept(request, object_id, lambda rr: return_decide(return_request=rr, actor=request.user, accept=True))

    @action(description=_("Refuse the return"), permissions=["decide"], icon="block")
    @confirm_first(title=_("Refuse this return?"), submit_label=_("Refuse"), form_class=ReasonDialog, danger=True,
                   message=_("The team's decision is final: the sale stands."))
    def decide_refuse(self, request, form, object_id):
        return self._run(
            request, object_id,
            lambda rr: return_decide(return_request=rr, actor=request.user, accept=False, note=form.cleaned_data["reason"]),
            _("Return refused."),
        )


@admin.register(ShipmentDeadline, site=admin.site)
class ShipmentDeadlineAdmin(OrdersStaffMixin, ModelAdmin):
    """Parcels not handed to the courier whose shipping deadline passed or is less than a day away."""

    list_display = ["order_number", "shop", "order_status", "ship_by", "late", "ship_warned_at"]
    list_display_links = ["order_number"]
    search_fields = ["order__number", "vendor__shop_name"]
    ordering = ["ship_by", "pk"]
    list_per_page = 100
    readonly_fields = ["order_number", "shop", "order_status", "ship_by", "late", "ship_warned_at", "delivery_method", "items_total", "shipping_price"]
    fields = readonly_fields

    def get_queryset(self, request):
        return shipments_late_or_at_risk()

    @display(description=_("order"), ordering="order__number")
    def order_number(self, obj) -> str:
        return obj.order.number

    @display(description=_("shop"), ordering="vendor__shop_name")
    def shop(self, obj) -> str:
        return obj.vendor.shop_name

    @display(description=_("status"), label=ORDER_STATUS_COLOURS)
    def order_status(self, obj):
        return obj.order.status, obj.order.get_status_display()

    @display(description=_("deadline"), label={"late": "danger", "at_risk": "warning"})
    def late(self, obj):
        if obj.ship_by <= timezone.now():
            return "late", _("late: cancelled at the next hourly check")
        return "at_risk", _("due within a day")
