"""The buyer's doors after "paid": the order's timeline and the moves allowed now (cancel, confirm
receipt, ask for a return), and the return request page (the seed's ``return_request`` / ``customer_return``).

Shipping sits above orders; this door reads a parcel's AWB and tracking link from shipping's
selector, and asks shipping for the return AWB once a return is accepted (the vendor and staff doors).
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doors.errors import form_add_service_error
from marketplace.orders import selectors
from marketplace.orders.fulfilment import buyer_cancel_refusal, order_cancel_by_buyer, order_confirm_receipt
from marketplace.orders.models import Order, PaymentMethod, ReturnRequest
from marketplace.orders.returns import (
    MAX_PHOTOS,
    ReturnDetails,
    return_refusal,
    return_request_create,
    returnable_items,
)
from marketplace.shipping.selectors import shipment_tracking

S = Order.Status


@dataclass
class Step:
    label: str
    at: datetime | None = None
    done: bool = True
    link: str = ""
    link_label: str = ""


@dataclass
class ParcelView:
    shipment: object
    steps: list
    tracking: object
    return_refusal: str
    returns: list
    return_tracking: object = None  # the return parcel's AWB and tracking link (shipping), once a return is accepted


def _tracking(order: Order, direction: str = "outbound") -> dict:
    return shipment_tracking([s.pk for s in order.shipments.all()], direction=direction)


def _steps(order: Order, shipment, tracking) -> list[Step]:
    steps = []
    if order.paid_at and order.payment_method != PaymentMethod.COD:
        steps.append(Step(_("Paid"), order.paid_at))
    elif order.confirmed_at:
        steps.append(Step(_("Confirmed — pay on delivery"), order.confirmed_at))
    if shipment.cancelled_at:
        steps.append(Step(_("Cancelled: %(reason)s") % {"reason": shipment.cancel_reason}, shipment.cancelled_at))
        return steps
    if tracking is not None and tracking.awb_number:
        steps.append(Step(_("AWB %(awb)s (%(courier)s)") % {"awb": tracking.awb_number, "courier": tracking.courier_label}))
    elif shipment.ship_by and not shipment.shipped_at and order.status not in (S.CANCELLED,):
        steps.append(Step(_("The shop ships by %(date)s") % {"date": timezone.localtime(shipment.ship_by).strftime("%d.%m.%Y")}, done=False))
    if shipment.shipped_at:
        link = tracking.tracking_url if tracking is not None else ""
        steps.append(Step(_("Shipped"), shipment.shipped_at, link=link, link_label=_("Track the parcel") if link else ""))
    if shipment.delivered_at:
        steps.append(Step(_("Delivered"), shipment.delivered_at))
    if shipment.return_window_ends:
        closed = timezone.now() >= shipment.return_window_ends
        label = _("Return window closed on %(date)s") if closed else _("Return window closes on %(date)s")
        steps.append(Step(label % {"date": timezone.localtime(shipment.return_window_ends).strftime("%d.%m.%Y")}, done=closed))
    return steps


def fulfilment_context(order: Order) -> dict:
    """What the order page shows after "paid": per parcel its timeline and returns; the moves allowed now."""
    tracking = _tracking(order)
    returns_by_shipment: dict[int, list] = {}
    return_tracking = _tracking(order, "return") if ReturnRequest.objects.filter(order=order).exists() else {}
    for rr in ReturnRequest.objects.filter(order=order).order_by("pk"):
        returns_by_shipment.setdefault(rr.shipment_id, []).append(rr)
    parcels = []
    for shipment in order.shipments.all():
        track = tracking.get(shipment.pk)
        refusal = return_refusal(order=order, shipment=shipment) if shipment.delivered_at else ""
        parcels.append(ParcelView(
            shipment, _steps(order, shipment, track), track, refusal, returns_by_shipment.get(shipment.pk, []),
            return_tracking.get(shipment.pk),
        ))
    awb_exists = any(t.awb_number for t in tracking.values())
    return {
        "parcels": parcels,
        "can_cancel": order.status != S.CANCELLED and not buyer_cancel_refusal(order) and not awb_exists,
        "can_confirm_receipt": order.status == S.SHIPPED,
        "can_return": any(p.shipment.delivered_at and not p.return_refusal for p in parcels),
    }


@login_required
@require_POST
def order_cancel_view(request, order_id: int):
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    awb_exists = any(t.awb_number for t in _tracking(order).values())
    try:
        order_cancel_by_buyer(order=order, buyer=request.user, reason=request.POST.get("reason", ""), awb_exists=awb_exists)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your order is cancelled. Any money you paid is refunded."))
    return redirect("order_detail", order.pk)


@login_required
@require_POST
def order_confirm_receipt_view(request, order_id: int):
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    try:
        order_confirm_receipt(order=order, buyer=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: the order is marked as received."))
    return redirect("order_detail", order.pk)


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why are you returning it?"), choices=ReturnRequest.Reason.choices)
    details = forms.CharField(
        label=gettext_lazy("Details"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What is wrong, as the shop should know it."),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for item, left in items:
            name = f"item_{item.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=item.title, coerce=int, choices=[(n, str(n)) for n in range(left + 1)], initial=0, required=False,
            )
            self.item_fields.append((item, name))

    def item_rows(self):
        return [(item, self[name]) for item, name in self.item_fields]

    def chosen_items(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data.get(name) or 0 for item, name in self.item_fields}


@login_required
def return_request_view(request, order_id: int):
    """`return_request`: ask to return pieces of one delivered parcel, or read why it is not possible."""
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    shipments = list(order.shipments.all())
    wanted = request.POST.get("shipment") or request.GET.get("shipment")
    shipment = next((s for s in shipments if str(s.pk) == wanted), None) or (
        next((s for s in shipments if s.delivered_at and not return_refusal(order=order, shipment=s)), None) or (shipments[0] if shipments else None)
    )
    refusal = return_refusal(order=order, shipment=shipment) if shipment else _("This order has no parcel to return.")
    items = returnable_items(shipment) if shipment and not refusal else []
    form = ReturnForm(request.POST or None, items=items)
    status = 200
    if request.method == "POST" and not refusal:
        photos = request.FILES.getlist("photos")
        if form.is_valid():
            details = ReturnDetails(
                items=form.chosen_items(), reason=form.cleaned_data["reason"], details=form.cleaned_data["details"], photos=tuple(photos),
            )
            try:
                return_request_create(order=order, shipment_id=shipment.pk, buyer=request.user, details=details)
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("Your return request was sent to the shop."))
                return redirect("order_detail", order.pk)
        status = 400
    context = {
        "order": order, "shipment": shipment, "refusal": refusal, "form": form, "max_photos": MAX_PHOTOS,
        "other_shipments": [s for s in shipments if s != shipment and s.delivered_at],
    }
    return render(request, "orders/return_request.html", context, status=status)
