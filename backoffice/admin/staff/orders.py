"""Staff site, orders.

Staff (``orders.can_view_all_orders``) see every order, filter and search them; with
``orders.can_manage_orders`` they mark bank transfers paid and cancel with refund — through the
order services. The vendors' side (their own shipments) is ``backoffice.admin.vendor.orders``.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from backoffice.admin.display import ORDER_STATUS_COLOURS, invoice_pdf_response
from backoffice.admin_mixins import ReadOnlyAdminMixin
from backoffice.confirm import confirm_first
from marketplace.common.money import format_money
from marketplace.orders.fulfilment import shipment_delivery_refusal, shipment_mark_delivered
from marketplace.orders.models import (
    TRANSITIONS,
    Invoice,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    PaymentMethod,
    Shipment,
)
from marketplace.orders.selectors import order_list_for_staff
from marketplace.orders.services import order_cancel, order_mark_bank_transfer_paid
from marketplace.vendors.models import VendorProfile
from marketplace.wallet.sales import line_money


class ReadOnlyInline(ReadOnlyAdminMixin, TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class ShipmentInline(ReadOnlyInline):
    model = Shipment
    fields = [
        "vendor", "delivery_method", "locker_id", "items_total", "shipping_price", "ship_by", "shipped_at", "delivered_at",
        "return_window_ends", "cancelled_at", "invoice_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor", "invoice")

    @display(description=_("invoice"))
    def invoice_link(self, obj: Shipment):
        invoice = getattr(obj, "invoice", None)
        if invoice is None:
            return "—"
        url = reverse("admin:orders_order_invoice", args=[obj.order_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, str(invoice))


class OrderItemInline(ReadOnlyInline):
    """Each line with what it is worth to its shop: gross, the platform's commission (set at payment), net."""

    model = OrderItem
    fields = ["title", "sku", "vendor", "unit_price", "quantity", "line_total", "commission_amount", "net_amount"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor", "commission")

    @display(description=_("commission"))
    def commission_amount(self, obj: OrderItem) -> str:
        line = line_money(obj)
        if line.commission is None:
            return str(_("at payment"))
        return f"{format_money(line.commission)} ({floatformat(line.percent, "-2")} %)"

    @display(description=_("net to the shop"))
    def net_amount(self, obj: OrderItem) -> str:
        return format_money(line_money(obj).net)


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["provider", "status", "amount", "reference", "refunded_amount", "refund_due", "refund_reference", "created_at"]
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "type", "from_status", "to_status", "actor", "message"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class BankTransferPaidDialog(forms.Form):
    bank_reference = forms.CharField(label=_("Bank reference of the transfer"), max_length=255, widget=UnfoldAdminTextInputWidget)


class CancelDialog(forms.Form):
    reason = forms.CharField(label=_("Reason (the buyer sees it)"), max_length=500, widget=UnfoldAdminTextareaWidget)


class VendorFilter(admin.SimpleListFilter):
    title = _("vendor")
    parameter_name = "vendor"

    def lookups(self, request, model_admin):
        return list(VendorProfile.objects.order_by("shop_name").values_list("pk", "shop_name"))

    def queryset(self, request, queryset):
        value = self.value()
        if value and str(value).isdigit():
            return queryset.filter(shipments__vendor_id=int(value)).distinct()
        return queryset


@admin.register(Order, site=admin.site)
class OrderAdmin(ModelAdmin):
    list_display = ["number", "created_at", "buyer_email", "status_badge", "payment_method", "total", "shops"]
    list_display_links = ["number"]
    list_filter = ["status", VendorFilter, "payment_method", "source", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["number", "email", "buyer__email"]
    date_hierarchy = "created_at"
    list_per_page = 50
    inlines = [ShipmentInline, OrderItemInline, PaymentInline, OrderEventInline]
    actions_detail = ["mark_bank_transfer_paid", "cancel_with_refund", "mark_delivered"]
    fieldsets = [
        (None, {"fields": [("number", "status", "source"), ("buyer", "email"), ("payment_method", "pay_by", "paid_at")]}),
        (_("Amounts"), {"fields": [("items_total", "shipping_total", "total")]}),
        (_("Delivery"), {"fields": ["shipping_name", "shipping_phone", "shipping_address", ("shipping_city", "shipping_county", "shipping_postal_code")]}),
        (_("Invoicing"), {"fields": [("billing_type", "billing_name"), ("billing_vat_number", "billing_registration_number"), "billing_address", ("billing_city", "billing_county")]}),
        (_("Dates"), {"fields": [("placed_at", "confirmed_at", "terms_accepted_at"), ("cancelled_at", "cancel_reason")]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [f for fieldset in self.fieldsets for row in fieldset[1]["fields"] for f in (row if isinstance(row, tuple) else (row,))]

    def get_queryset(self, request):
        return order_list_for_staff()

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("orders.can_view_all_orders")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("orders.can_view_all_orders")

    def has_add_permission(self, request) -> bool:
        return False  # orders are made by checkouts and auctions

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # states move through the actions below, never by editing fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_manage_permission(self, request, object_id=None) -> bool:
        return request.user.has_perm("orders.can_manage_orders")

    def _order(self, obj) -> Order | None:
        """Unfold passes the object id (a string) to the permission checks of detail actions."""
        if obj is None or isinstance(obj, Order):
            return obj
        return Order.objects.filter(pk=obj).first() if str(obj).isdigit() else None

    def has_mark_paid_permission(self, request, object_id=None) -> bool:
        """Offered only on a placed bank-transfer order still awaiting its money."""
        if not self.has_manage_permission(request):
            return False
        if object_id is None:
            return True
        order = self._order(object_id)
        return bool(
            order is not None
            and order.is_placed
            and order.payment_method == PaymentMethod.BANK_TRANSFER
            and order.status == Order.Status.PENDING_PAYMENT
            and order.paid_at is None
        )

    def has_cancel_permission(self, request, object_id=None) -> bool:
        """Offered only while the order services still allow cancelling (before it ships)."""
        if not self.has_manage_permission(request):
            return False
        if object_id is None:
            return True
        order = self._order(object_id)
        return order is not None and Order.Status.CANCELLED in TRANSITIONS[order.status]

    def _undelivered(self, order: Order) -> list[Shipment]:
        return [s for s in order.shipments.filter(cancelled_at__isnull=True, delivered_at__isnull=True).order_by("pk")
                if shipment_delivery_refusal(shipment=s, order=order) is None]

    def has_deliver_permission(self, request, object_id=None) -> bool:
        """Offered on a shipped order with a parcel not yet delivered (delivery by hand, no tracking)."""
        if not self.has_manage_permission(request):
            return False
        if object_id is None:
            return True
        order = self._order(object_id)
        return order is not None and bool(self._undelivered(order))

    @display(description=_("buyer"), ordering="email")
    def buyer_email(self, obj: Order) -> str:
        return obj.email

    @display(description=_("status"), label=ORDER_STATUS_COLOURS)
    def status_badge(self, obj: Order):
        return obj.status, obj.get_status_display()

    @display(description=_("shops"))
    def shops(self, obj: Order):
        return format_html_join(", ", "{}", ((s.vendor.shop_name,) for s in obj.shipments.all()))

    def get_urls(self):
        return [
            path(
                "<int:order_id>/invoice/<int:shipment_id>/",
                self.admin_site.admin_view(self.invoice_view),
                name="orders_order_invoice",
            ),
            *super().get_urls(),
        ]

    def invoice_view(self, request, order_id: int, shipment_id: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        invoice = get_object_or_404(Invoice.objects.select_related("shipment__order"), shipment_id=shipment_id, shipment__order_id=order_id)
        return invoice_pdf_response(invoice)

    def _done(self, object_id):
        return redirect(reverse("admin:orders_order_change", args=[object_id]))

    @action(description=_("Mark bank transfer paid"), permissions=["mark_paid"], icon="account_balance")
    @confirm_first(
        title=_("Bank transfer received"), submit_label=_("Mark paid"), form_class=BankTransferPaidDialog,
        message=_("The order becomes paid, its invoices are issued and the buyer and vendors are told."),
    )
    def mark_bank_transfer_paid(self, request, form, object_id):
        order = get_object_or_404(Order, pk=object_id)
        try:
            order_mark_bank_transfer_paid(order=order, actor=request.user, bank_reference=form.cleaned_data["bank_reference"])
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("Order %(number)s is paid.") % {"number": order.number}, messages.SUCCESS)
        return self._done(object_id)

    @action(description=_("Mark delivered"), permissions=["deliver"], icon="where_to_vote")
    @confirm_first(
        title=_("Mark the order delivered"), submit_label=_("Mark delivered"),
        message=_("For parcels without courier tracking: every parcel still on its way counts as delivered now, and the return window starts."),
    )
    def mark_delivered(self, request, object_id):
        order = get_object_or_404(Order, pk=object_id)
        try:
            for shipment in self._undelivered(order):
                shipment_mark_delivered(shipment=shipment, actor=request.user, by=Shipment.DeliveredBy.STAFF)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("Order %(number)s is delivered.") % {"number": order.number}, messages.SUCCESS)
        return self._done(object_id)

    @action(description=_("Cancel with refund"), permissions=["cancel"], icon="cancel")
    @confirm_first(
        title=_("Cancel this order"), submit_label=_("Cancel the order"), form_class=CancelDialog, danger=True,
        message=_("The pieces go back on sale and any money taken is refunded."),
    )
    def cancel_with_refund(self, request, form, object_id):
        order = get_object_or_404(Order, pk=object_id)
        try:
            order = order_cancel(order=order, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("Order %(number)s is cancelled.") % {"number": order.number}, messages.WARNING)
        return self._done(object_id)
