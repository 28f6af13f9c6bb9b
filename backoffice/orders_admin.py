"""Orders in both back offices.

Staff (``orders.can_view_all_orders``) see every order, filter and search them; with
``orders.can_manage_orders`` they mark bank transfers paid and cancel with refund — through the
order services. Vendors see only their own shipments (their part of each order), scoped by
``vendor_scope``; an id of another vendor's shipment answers as if it did not exist.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from marketplace.common.money import format_money
from marketplace.orders.invoices import invoice_pdf
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
from marketplace.orders.selectors import order_list_for_staff, shipments_for_vendor
from marketplace.orders.services import order_cancel, order_mark_bank_transfer_paid, order_transition
from marketplace.vendors.access import vendor_object

from .admin_mixins import ReadOnlyAdminMixin, VendorReadOnlyAdminMixin
from .confirm import confirm_first
from .sites import vendor_site

STATUS_COLOURS = {
    "pending_payment": "warning", "paid": "success", "awb_generated": "info", "shipped": "info", "delivered": "success",
    "completed": "success", "cancelled": "danger", "return_requested": "warning", "returned": "warning", "refunded": "danger",
}


def _pdf_response(invoice: Invoice):
    from django.http import HttpResponse

    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="factura-{invoice.series}-{invoice.number:06d}.pdf"'
    return response


class ReadOnlyInline(ReadOnlyAdminMixin, TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class ShipmentInline(ReadOnlyInline):
    model = Shipment
    fields = ["vendor", "delivery_method", "locker_id", "items_total", "shipping_price", "invoice_link"]
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
    model = OrderItem
    fields = ["title", "sku", "vendor", "unit_price", "quantity", "line_total"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["provider", "status", "amount", "reference", "refunded_amount", "refund_reference", "created_at"]
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
        from marketplace.vendors.models import VendorProfile

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
    actions_detail = ["mark_bank_transfer_paid", "cancel_with_refund"]
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

    @display(description=_("buyer"), ordering="email")
    def buyer_email(self, obj: Order) -> str:
        return obj.email

    @display(description=_("status"), label=STATUS_COLOURS)
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
        from django.core.exceptions import PermissionDenied

        if not self.has_view_permission(request):
            raise PermissionDenied
        invoice = get_object_or_404(Invoice.objects.select_related("shipment__order"), shipment_id=shipment_id, shipment__order_id=order_id)
        return _pdf_response(invoice)

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


# ---------------------------------------------------------------------------------------------
# Vendor site: the vendor's own shipments (their part of each order)
# ---------------------------------------------------------------------------------------------
S = Order.Status

# What the vendor reads under the status of their shipment: what happens next, and what is theirs to do.
VENDOR_NEXT_STEP = {
    S.PENDING_PAYMENT: _("Waiting for the buyer's payment: do not send the piece yet."),
    S.PAID: _("Paid: pack the piece. Ship it within the shipping deadline, or the order is cancelled and the buyer refunded."),
    S.AWB_GENERATED: _("The AWB is ready: hand the parcel to the courier, then mark it shipped."),
    S.SHIPPED: _("On its way to the buyer."),
    S.DELIVERED: _("Delivered. Your money is released once the return window has passed without a return."),
    S.COMPLETED: _("Completed: the sale is final."),
    S.CANCELLED: _("Cancelled: do not send the piece."),
    S.RETURN_REQUESTED: _("The buyer asked to return the piece."),
    S.RETURNED: _("The piece came back to you."),
    S.REFUNDED: _("The buyer was refunded."),
}

# The moves of the order services a vendor makes on their own shipment: from the status (key) to
# the status (value), through ``order_transition``. Nothing else is theirs to move.
VENDOR_MOVES = {S.AWB_GENERATED: S.SHIPPED}


class VendorShipmentAdmin(VendorReadOnlyAdminMixin, ModelAdmin):
    """`vendor_orders`: the vendor's part of each order — items, where it goes, status and next step."""

    list_display = ["order_number", "order_date", "order_status", "items_list", "delivery_method", "items_total", "shipping_price", "payment"]
    list_display_links = ["order_number"]
    list_filter = ["order__status", "delivery_method"]
    search_fields = ["order__number"]
    fieldsets = [
        (None, {"fields": [("order_number", "order_date"), ("status_label", "payment"), "next_step"]}),
        (_("Items"), {"fields": ["items_table", ("items_total", "shipping_price")]}),
        (_("Deliver to"), {"fields": ["delivery", "recipient"]}),
        (_("Invoice"), {"fields": ["invoice_link"]}),
    ]
    readonly_fields = [
        "order_number", "order_date", "status_label", "payment", "next_step", "items_table", "items_total",
        "shipping_price", "delivery", "recipient", "invoice_link",
    ]
    actions_detail = ["mark_shipped"]
    list_per_page = 50

    def get_queryset(self, request):
        return shipments_for_vendor(user=request.user)

    @display(description=_("order"), ordering="order__number")
    def order_number(self, obj: Shipment) -> str:
        return obj.order.number

    @display(description=_("date"), ordering="order__created_at")
    def order_date(self, obj: Shipment):
        return obj.order.created_at

    @display(description=_("status"), label=STATUS_COLOURS)
    def order_status(self, obj: Shipment):
        return obj.order.status, obj.order.get_status_display()

    @display(description=_("status"))
    def status_label(self, obj: Shipment):
        """The status on the shipment's page: its label (a read-only field shows no list badge)."""
        return format_html('<strong data-status="{}">{}</strong>', obj.order.status, obj.order.get_status_display())

    @display(description=_("next step"))
    def next_step(self, obj: Shipment) -> str:
        text = str(VENDOR_NEXT_STEP.get(obj.order.status, ""))
        if obj.order.status == S.CANCELLED and obj.order.cancel_reason:
            text = f"{text} {obj.order.cancel_reason}"
        if obj.order.status in VENDOR_MOVES and not self._sole_shipment(obj):
            text = f"{text} {_('This order also holds pieces of other shops: the team marks it shipped.')}"
        return text

    @display(description=_("payment"))
    def payment(self, obj: Shipment) -> str:
        order = obj.order
        if order.payment_method == PaymentMethod.COD:
            return str(_("cash on delivery"))
        return str(_("paid")) if order.paid_at else str(_("not paid yet"))

    @display(description=_("items"))
    def items_list(self, obj: Shipment):
        return format_html_join(", ", "{} × {}", ((i.title, i.quantity) for i in obj.items.all()))

    @display(description=_("items"))
    def items_table(self, obj: Shipment):
        items = list(obj.items.all())
        if not items:
            return "—"
        head = format_html(
            "<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr>",
            _("piece"), _("SKU"), _("unit price"), _("quantity"), _("total"),
        )
        body = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((i.title, i.sku or "—", format_money(i.unit_price), i.quantity, format_money(i.line_total)) for i in items),
        )
        return format_html('<table class="w-full text-sm text-left" data-shipment-items>{}{}</table>', head, body)

    @display(description=_("delivery"))
    def delivery(self, obj: Shipment) -> str:
        if not obj.delivery_method:
            return "—"
        method = obj.get_delivery_method_display()
        return f"{method}: {obj.locker_id}" if obj.locker_id else method

    @display(description=_("recipient"))
    def recipient(self, obj: Shipment):
        order = obj.order
        if not order.is_placed:
            return _("The buyer has not given the delivery details yet.")
        place = " ".join(p for p in (order.shipping_postal_code, order.shipping_city) if p)
        if order.shipping_county:
            place = f"{place}, {order.shipping_county}"
        return format_html(
            '<address class="not-italic" data-recipient>{}<br>{}<br>{}<br>{}</address>',
            order.shipping_name, order.shipping_phone, order.shipping_address, place,
        )

    @display(description=_("invoice"))
    def invoice_link(self, obj: Shipment):
        if not Invoice.objects.filter(shipment=obj).exists():
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("vendors:orders_shipment_invoice", args=[obj.pk]), _("Invoice (PDF)"))

    # --- The vendor's own moves (order services) -------------------------------------------------
    def _sole_shipment(self, shipment: Shipment) -> bool:
        """order_transition moves the whole order: a vendor moves it only when it is all theirs."""
        return not Shipment.objects.filter(order_id=shipment.order_id).exclude(pk=shipment.pk).exists()

    def _shipment(self, request, object_id) -> Shipment | None:
        if object_id is None:
            return None
        if isinstance(object_id, Shipment):
            return object_id
        return self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None

    def has_ship_permission(self, request, object_id=None) -> bool:
        if not vendor_site.has_permission(request):
            return False
        if object_id is None:
            return True
        shipment = self._shipment(request, object_id)
        return bool(
            shipment is not None
            and VENDOR_MOVES.get(shipment.order.status) == S.SHIPPED
            and S.SHIPPED in TRANSITIONS[shipment.order.status]
            and self._sole_shipment(shipment)
        )

    @action(description=_("Mark shipped"), permissions=["ship"], icon="local_shipping")
    @confirm_first(
        title=_("Mark this parcel shipped?"), submit_label=_("Mark shipped"),
        message=_("Confirm only once the courier has picked the parcel up: the buyer is told it is on its way."),
    )
    def mark_shipped(self, request, object_id):
        shipment = self._shipment(request, object_id)
        try:
            order_transition(order=shipment.order, to_status=S.SHIPPED, actor=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("Order %(number)s is shipped.") % {"number": shipment.order.number}, messages.SUCCESS)
        return redirect(reverse("vendors:orders_shipment_change", args=[shipment.pk]))

    def get_urls(self):
        return [
            path("<int:shipment_id>/invoice/", self.admin_site.admin_view(self.invoice_view), name="orders_shipment_invoice"),
            *super().get_urls(),
        ]

    def invoice_view(self, request, shipment_id: int):
        shipment = vendor_object(Shipment.objects.all(), user=request.user, pk=shipment_id)
        invoice = get_object_or_404(Invoice.objects.select_related("shipment__order"), shipment=shipment)
        return _pdf_response(invoice)


vendor_site.register(Shipment, VendorShipmentAdmin)
