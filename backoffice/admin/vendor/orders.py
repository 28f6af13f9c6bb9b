"""Vendor site, orders: the vendor's own shipments (their part of each order), scoped by ``vendor_scope``;
an id of another vendor's shipment answers as if it did not exist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from backoffice.admin.display import ORDER_STATUS_COLOURS, invoice_pdf_response
from backoffice.admin_mixins import VendorReadOnlyAdminMixin
from backoffice.confirm import confirm_first
from backoffice.sites import vendor_site
from marketplace.common.money import format_money
from marketplace.orders.fulfilment import shipment_delivery_refusal, shipment_mark_delivered
from marketplace.orders.models import Invoice, Order, PaymentMethod, Shipment
from marketplace.orders.selectors import shipments_for_vendor
from marketplace.orders.services import shipment_mark_shipped, shipment_ship_refusal
from marketplace.shipping.selectors import shipment_tracking
from marketplace.vendors.access import vendor_object
from marketplace.wallet.sales import line_money

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



class VendorShipmentAdmin(VendorReadOnlyAdminMixin, ModelAdmin):
    """`vendor_orders`: the vendor's part of each order — items, where it goes, status and next step."""

    list_display = [
        "order_number", "order_date", "order_status", "items_list", "delivery_method", "items_total", "commission_total", "net_total",
        "shipping_price", "payment",
    ]
    list_display_links = ["order_number"]
    list_filter = ["order__status", "delivery_method"]
    search_fields = ["order__number"]
    fieldsets = [
        (None, {"fields": [("order_number", "order_date"), ("status_label", "payment"), "next_step"]}),
        (_("Items"), {"fields": ["items_table", ("items_total", "commission_total", "net_total"), "shipping_price"]}),
        (_("Deliver to"), {"fields": ["delivery", "recipient"]}),
        (_("AWB and shipping"), {"fields": ["awb_link"]}),
        (_("Invoice"), {"fields": ["invoice_link"]}),
    ]
    readonly_fields = [
        "order_number", "order_date", "status_label", "payment", "next_step", "items_table", "items_total",
        "commission_total", "net_total", "shipping_price", "delivery", "recipient", "invoice_link", "awb_link",
    ]
    actions_detail = ["mark_shipped", "mark_delivered"]
    list_per_page = 50

    def get_queryset(self, request):
        # Each line's commission comes with the lines (one query a page, not one per line).
        return shipments_for_vendor(user=request.user).prefetch_related("items__commission")

    def _lines(self, obj: Shipment):
        return [line_money(item) for item in obj.items.all()]

    @display(description=_("commission"))
    def commission_total(self, obj: Shipment) -> str:
        lines = self._lines(obj)
        if not lines or any(line.commission is None for line in lines):
            return str(_("at payment"))
        return format_money(sum(line.commission for line in lines))

    @display(description=_("net (yours)"))
    def net_total(self, obj: Shipment) -> str:
        lines = self._lines(obj)
        if not lines or any(line.commission is None for line in lines):
            return "—"
        return format_money(sum(line.net for line in lines))

    @display(description=_("order"), ordering="order__number")
    def order_number(self, obj: Shipment) -> str:
        return obj.order.number

    @display(description=_("date"), ordering="order__created_at")
    def order_date(self, obj: Shipment) -> str:
        # Written like the list's dates, in Bucharest time (the read-only page printed the raw UTC value).
        return date_format(timezone.localtime(obj.order.created_at), "DATETIME_FORMAT")

    @display(description=_("status"), label=ORDER_STATUS_COLOURS)
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
        refusal = shipment_ship_refusal(shipment=obj) if obj.order.status == S.AWB_GENERATED else None
        if refusal is not None and refusal.code == "order_shared":
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
        head = format_html_join("", '<th scope="col">{}</th>', ((label,) for label in (
            _("piece"), _("SKU"), _("unit price"), _("quantity"), _("gross"), _("commission"), _("net (yours)"),
        )))
        head = format_html("<tr>{}</tr>", head)
        rows = []
        for item in items:
            line = line_money(item)
            commission = (
                f"{format_money(line.commission)} ({floatformat(line.percent, "-2")} %)"
                if line.commission is not None else str(_("at payment"))
            )
            rows.append((item.title, item.sku or "—", format_money(item.unit_price), item.quantity, format_money(line.gross),
                         commission, format_money(line.net)))
        body = format_html_join(
            "", "<tr data-line><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows,
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

    @display(description=_("AWB"))
    def awb_link(self, obj: Shipment):
        """The AWB's state and the page where it is generated, printed, photographed and handed over."""
        live = shipment_tracking([obj.pk]).get(obj.pk)
        state = f"{live.status_label} · {live.awb_number}" if live and live.awb_number else (live.status_label if live else "")
        label = _("AWB page: label, photos, hand-over") if live else _("Generate AWB")
        problem = format_html('<span class="block text-red-600" role="alert" data-awb-problem>{}</span>', live.problem) if live and live.problem else ""
        return format_html('<span data-awb-state>{}</span> <a class="text-primary-600 font-semibold" href="{}">{}</a>{}',
                           state, reverse("generate_awb", args=[obj.pk]), label, problem)

    # --- The vendor's own moves (order services) -------------------------------------------------
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
        return shipment is not None and shipment_ship_refusal(shipment=shipment) is None

    @action(description=_("Mark shipped"), permissions=["ship"], icon="local_shipping")
    @confirm_first(
        title=_("Mark this parcel shipped?"), submit_label=_("Mark shipped"),
        message=_("Confirm only once the courier has picked the parcel up: the buyer is told it is on its way."),
    )
    def mark_shipped(self, request, object_id):
        shipment = self._shipment(request, object_id)
        try:
            shipment_mark_shipped(shipment=shipment, actor=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("Order %(number)s is shipped.") % {"number": shipment.order.number}, messages.SUCCESS)
        return redirect(reverse("vendors:orders_shipment_change", args=[shipment.pk]))

    def has_deliver_permission(self, request, object_id=None) -> bool:
        if not vendor_site.has_permission(request):
            return False
        if object_id is None:
            return True
        shipment = self._shipment(request, object_id)
        return shipment is not None and shipment_delivery_refusal(shipment=shipment) is None

    @action(description=_("Mark delivered"), permissions=["deliver"], icon="where_to_vote")
    @confirm_first(
        title=_("Mark this parcel delivered?"), submit_label=_("Mark delivered"),
        message=_("For a parcel without courier tracking (delivered by hand): the buyer's return window starts now."),
    )
    def mark_delivered(self, request, object_id):
        shipment = self._shipment(request, object_id)
        try:
            shipment_mark_delivered(shipment=shipment, actor=request.user, by=Shipment.DeliveredBy.VENDOR)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("The parcel of order %(number)s is delivered.") % {"number": shipment.order.number}, messages.SUCCESS)
        return redirect(reverse("vendors:orders_shipment_change", args=[shipment.pk]))

    def get_urls(self):
        return [
            path("<int:shipment_id>/invoice/", self.admin_site.admin_view(self.invoice_view), name="orders_shipment_invoice"),
            *super().get_urls(),
        ]

    def invoice_view(self, request, shipment_id: int):
        shipment = vendor_object(Shipment.objects.all(), user=request.user, pk=shipment_id)
        invoice = get_object_or_404(Invoice.objects.select_related("shipment__order"), shipment=shipment)
        return invoice_pdf_response(invoice)


vendor_site.register(Shipment, VendorShipmentAdmin)
