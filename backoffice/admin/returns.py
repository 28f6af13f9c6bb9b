"""Return requests in both back offices: what a return shows, and the steps either side may take.

The shop (vendor site, its own shipments only) accepts or refuses, records the return AWB, the parcel's
receipt and inspection, and refunds; the team (staff site, ``orders.can_manage_orders``) decides
escalated requests and may take any later step too. Every step is an order service (``orders.returns``).
Once a return is accepted the door asks shipping for the return AWB (``return_awb_generate``); an AWB
made elsewhere can be typed by hand (``return_tracking_record``).
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from backoffice.confirm import confirm_first
from marketplace.common.money import format_money
from marketplace.orders.models import ReturnRequest
from marketplace.orders.returns import (
    return_receive,
    return_refund,
    return_refund_max,
    return_tracking_record,
)
from marketplace.shipping.services import return_awb_generate

R = ReturnRequest.Status
RETURN_STATUS_COLOURS = {
    "requested": "warning", "escalated": "danger", "accepted": "info", "received": "info", "refunded": "success", "rejected": "danger",
}


class ReasonDialog(forms.Form):
    reason = forms.CharField(label=_("Reason (the buyer sees it)"), max_length=500, widget=UnfoldAdminTextareaWidget)


class TrackingDialog(forms.Form):
    tracking = forms.CharField(label=_("Return AWB number"), max_length=60, widget=UnfoldAdminTextInputWidget)
    courier = forms.CharField(label=_("Courier"), max_length=40, required=False, widget=UnfoldAdminTextInputWidget)


class InspectionDialog(forms.Form):
    inspection = forms.CharField(label=_("State of the returned piece"), max_length=1000, widget=UnfoldAdminTextareaWidget)


REFUND_OPTIONS = (("shipping", _("Refund the shipping too")), ("restock", _("Put the pieces back on sale")))


class RefundDialog(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to refund (lei)"), required=False, min_value=Decimal("0.01"), max_digits=12, decimal_places=2,
        help_text=_("Leave empty to refund the returned pieces in full (and the shipping, if ticked)."),
        widget=UnfoldAdminDecimalFieldWidget,
    )
    options = forms.MultipleChoiceField(
        label=_("Options"), required=False, choices=REFUND_OPTIONS, widget=UnfoldAdminCheckboxSelectMultipleWidget,
    )


class ReturnDisplayMixin:
    """Columns and read-only fields of a return request."""

    list_display = ["order_number", "shop", "status_badge", "reason", "age", "answer_by", "escalation"]
    list_display_links = ["order_number"]
    list_filter = ["status", "escalation", "reason"]
    search_fields = ["order__number"]
    list_per_page = 50
    readonly_fields = [
        "order_number", "shop", "status_badge", "status_text", "age", "reason", "details", "items_table", "photo_list", "answer_by",
        "answered_at", "refusal_reason", "escalation", "escalated_at", "decision_note", "decided_at", "return_courier",
        "return_tracking", "received_at", "inspection_note", "refund_amount", "refund_shipping", "restocked", "refunded_at",
        "refund_ceiling",
    ]
    fieldsets = [
        (None, {"fields": [("order_number", "shop"), ("status_text", "age"), ("reason", "answer_by"), "details"]}),
        (_("Pieces and photos"), {"fields": ["items_table", "photo_list"]}),
        (_("Answer"), {"fields": [("answered_at", "refusal_reason"), ("escalation", "escalated_at"), ("decided_at", "decision_note")]}),
        (_("Return parcel"), {"fields": [("return_courier", "return_tracking"), ("received_at", "inspection_note")]}),
        (_("Refund"), {"fields": ["refund_ceiling", ("refund_amount", "refund_shipping", "restocked", "refunded_at")]}),
    ]
    change_view_name = ""  # "vendors:orders_returnrequest_change" / "admin:orders_returnrequest_change"

    @display(description=_("order"), ordering="order__number")
    def order_number(self, obj: ReturnRequest) -> str:
        return obj.order.number

    @display(description=_("shop"), ordering="shipment__vendor__shop_name")
    def shop(self, obj: ReturnRequest) -> str:
        return obj.shipment.vendor.shop_name

    @display(description=_("status"), label=RETURN_STATUS_COLOURS)
    def status_badge(self, obj: ReturnRequest):
        return obj.status, obj.get_status_display()

    @display(description=_("status"))
    def status_text(self, obj: ReturnRequest):
        """The status on the request's page (a read-only field shows no list badge)."""
        return format_html('<strong data-status="{}">{}</strong>', obj.status, obj.get_status_display())

    @display(description=_("age"), ordering="created_at")
    def age(self, obj: ReturnRequest) -> str:
        return timesince(obj.created_at, timezone.now())

    @display(description=_("pieces"))
    def items_table(self, obj: ReturnRequest):
        rows = [(ri.order_item.title, ri.quantity, format_money(ri.order_item.unit_price * ri.quantity)) for ri in obj.items.all()]
        if not rows:
            return "—"
        return format_html('<ul data-return-items>{}</ul>', format_html_join("", "<li>{} × {}: {}</li>", rows))

    @display(description=_("photos"))
    def photo_list(self, obj: ReturnRequest):
        photos = list(obj.photos.all())
        if not photos:
            return "—"
        return format_html_join(" ", '<a href="{}" target="_blank" rel="noopener">{}</a>', ((p.image.url, _("photo %(n)s") % {"n": i + 1}) for i, p in enumerate(photos)))

    @display(description=_("most that can be refunded"))
    def refund_ceiling(self, obj: ReturnRequest) -> str:
        return _("%(pieces)s for the pieces, %(with_shipping)s with the shipping") % {
            "pieces": format_money(return_refund_max(obj, include_shipping=False)),
            "with_shipping": format_money(return_refund_max(obj, include_shipping=True)),
        }


class ReturnActionsMixin:
    """The steps after the shop's answer, shared by both sites. ``_return(request, object_id)`` is the
    row the signed-in person may act on (scoped), or None."""

    def _return(self, request, object_id) -> ReturnRequest | None:
        if object_id is None:
            return None
        if isinstance(object_id, ReturnRequest):
            return object_id
        return self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None

    def _may_act(self, request) -> bool:
        raise NotImplementedError

    def _at(self, request, object_id, *statuses) -> bool:
        if not self._may_act(request):
            return False
        if object_id is None:
            return True
        rr = self._return(request, object_id)
        return rr is not None and rr.status in statuses

    def has_tracking_permission(self, request, object_id=None) -> bool:
        return self._at(request, object_id, R.ACCEPTED)

    def has_receive_permission(self, request, object_id=None) -> bool:
        return self._at(request, object_id, R.ACCEPTED)

    def has_refund_permission(self, request, object_id=None) -> bool:
        return self._at(request, object_id, R.RECEIVED)

    def _back(self, object_id):
        return redirect(reverse(self.change_view_name, args=[object_id]))

    def _run(self, request, object_id, step, done_message):
        rr = self._return(request, object_id)
        try:
            step(rr)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, done_message, messages.SUCCESS)
        return self._back(object_id)

    def _return_awb(self, request, rr: ReturnRequest) -> None:
        """An accepted return gets its return parcel's AWB from shipping (the buyer drops it at a locker);
        when the courier cannot make it, the shop or the team type the AWB number by hand."""
        try:
            return_awb_generate(shipment=rr.shipment, actor=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.WARNING)
        else:
            self.message_user(request, _("The return AWB is being requested from the courier."), messages.INFO)

    @action(description=_("Record the return AWB"), permissions=["tracking"], icon="local_shipping")
    @confirm_first(title=_("Return parcel"), submit_label=_("Save"), form_class=TrackingDialog,
                   message=_("The buyer sees the AWB number on the order page."))
    def record_tracking(self, request, form, object_id):
        return self._run(
            request, object_id,
            lambda rr: return_tracking_record(return_request=rr, actor=request.user, tracking=form.cleaned_data["tracking"], courier=form.cleaned_data["courier"]),
            _("Return AWB saved."),
        )

    @action(description=_("Parcel received"), permissions=["receive"], icon="inventory_2")
    @confirm_first(title=_("The returned parcel arrived"), submit_label=_("Record receipt"), form_class=InspectionDialog,
                   message=_("Say in what state the piece came back; then refund the buyer."))
    def receive(self, request, form, object_id):
        return self._run(
            request, object_id,
            lambda rr: return_receive(return_request=rr, actor=request.user, inspection=form.cleaned_data["inspection"]),
            _("Receipt recorded."),
        )

    @action(description=_("Refund the buyer"), permissions=["refund"], icon="payments")
    @confirm_first(title=_("Refund the buyer"), submit_label=_("Refund"), form_class=RefundDialog,
                   message=_("The money goes back the way it was paid (a card at once; a transfer or cash on delivery is sent by the team)."))
    def refund(self, request, form, object_id):
        options = set(form.cleaned_data["options"])
        return self._run(
            request, object_id,
            lambda rr: return_refund(
                return_request=rr, actor=request.user, amount=form.cleaned_data["amount"],
                include_shipping="shipping" in options, restock="restock" in options,
            ),
            _("The buyer is refunded."),
        )

    def _accept(self, request, object_id, service):
        rr = self._return(request, object_id)
        try:
            rr = service(rr)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("Return accepted."), messages.SUCCESS)
            self._return_awb(request, rr)
        return self._back(object_id)
