"""Staff site, shipping: every shipment with its AWB; open one to generate, photograph, hand over;
select several to generate their AWBs and print all their labels as ONE PDF.

Seeing the list needs ``orders.can_view_all_orders`` or a shipping permission; the bulk print
``shipping.can_generate_awb``.
"""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from backoffice.admin.display import ORDER_STATUS_COLOURS
from backoffice.admin_mixins import ReadOnlyAdminMixin
from backoffice.shipping_views import GENERATE, UPLOAD, labels_for
from marketplace.shipping.models import Consignment, ShipmentParcel


def _may_see(request) -> bool:
    user = request.user
    return user.has_perm("orders.can_view_all_orders") or user.has_perm(GENERATE) or user.has_perm(UPLOAD)


@admin.register(ShipmentParcel, site=admin.site)
class ShipmentParcelAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["order_number", "shop", "delivery_method", "order_status", "awb_status", "awb", "awb_page"]
    list_filter = ["order__status", "delivery_method", "consignments__status", "consignments__courier"]
    search_fields = ["order__number", "vendor__shop_name", "consignments__awb_number"]
    actions = ["generate_and_print_labels"]
    list_per_page = 50

    def get_queryset(self, request):
        live = Consignment.objects.filter(direction=Consignment.Direction.OUTBOUND).exclude(status=Consignment.Status.CANCELLED)
        return (
            super().get_queryset(request).select_related("order", "vendor")
            .prefetch_related(Prefetch("consignments", queryset=live, to_attr="live_consignments"))
            .order_by("-order__created_at", "pk")
        )

    def has_module_permission(self, request) -> bool:
        return _may_see(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _may_see(request)

    def has_generate_awb_permission(self, request) -> bool:
        return request.user.has_perm(GENERATE)

    def _live(self, obj):
        live = getattr(obj, "live_consignments", None)
        return live[0] if live else None

    @display(description=_("order"), ordering="order__number")
    def order_number(self, obj) -> str:
        return obj.order.number

    @display(description=_("shop"), ordering="vendor__shop_name")
    def shop(self, obj) -> str:
        return obj.vendor.shop_name

    @display(description=_("order status"), label=ORDER_STATUS_COLOURS)
    def order_status(self, obj):
        return obj.order.status, obj.order.get_status_display()

    @display(description=_("AWB status"))
    def awb_status(self, obj):
        live = self._live(obj)
        if live is None:
            return "—"
        if live.status in (Consignment.Status.AWB_FAILED, Consignment.Status.PENDING_AWB) and live.last_error:
            # the courier's reason, as the shop sees it on its shipment page
            return format_html('{}<span class="block text-red-600" data-awb-problem>{}</span>', live.get_status_display(), live.last_error)
        return live.get_status_display()

    @display(description=_("AWB"))
    def awb(self, obj) -> str:
        live = self._live(obj)
        return f"{live.awb_number} ({live.courier})" if live and live.awb_number else "—"

    @display(description="")
    def awb_page(self, obj):
        return format_html('<a class="text-primary-600" href="{}">{}</a>', reverse("staff_generate_awb", args=[obj.pk]), _("AWB page"))

    @action(description=_("Generate AWBs and print the labels (one PDF)"), permissions=["generate_awb"], icon="print")
    def generate_and_print_labels(self, request, queryset):
        shipments = list(queryset.select_related("order", "vendor__user"))
        pdf, problems = labels_for(shipments, actor=request.user)
        for problem in problems:
            self.message_user(request, problem, messages.WARNING)
        if pdf is None:
            self.message_user(request, _("No label to print."), messages.ERROR)
            return None
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="AWB-labels.pdf"'
        return response
