"""AWB pages of both back offices: `generate_awb`, `upload_awb`, `confirm_shipment` (the seed's names).

The vendor site reaches only its own shipments (``vendor_object``: another shop's id answers 404);
the staff site reaches any shipment with ``shipping.can_generate_awb`` (generate, hand over, cancel,
print) or ``shipping.can_upload_awb`` (parcel photos) — without them, 403. Every move is a shipping
service; the pages only parse, check who asks, and show the answer.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from unfold.views import UnfoldSiteViewMixin
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminSelectWidget

from marketplace.orders.models import Shipment
from marketplace.shipping import services
from marketplace.shipping.couriers import REGISTRY, CourierError, available_couriers, courier_for
from marketplace.shipping.models import Consignment, ParcelPhoto
from marketplace.shipping.selectors import consignments_for_shipment, consignments_with_labels
from marketplace.vendors.access import vendor_object

from .sites import vendor_site

GENERATE = "shipping.can_generate_awb"
UPLOAD = "shipping.can_upload_awb"


class AwbForm(forms.Form):
    courier = forms.ChoiceField(label=_("Courier"), widget=UnfoldAdminSelectWidget)
    service = forms.ChoiceField(label=_("Service"), choices=Consignment.ServiceType.choices, widget=UnfoldAdminSelectWidget)
    size = forms.ChoiceField(label=_("Parcel size"), choices=Consignment.Size.choices, initial="M", widget=UnfoldAdminSelectWidget)
    weight = forms.DecimalField(label=_("Weight (kg)"), min_value=0.01, max_value=31.5, decimal_places=2, initial=1,
                                widget=UnfoldAdminDecimalFieldWidget)

    def __init__(self, *args, shipment: Shipment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courier"].choices = [(c.code, c.label) for c in available_couriers()]
        self.fields["service"].initial = services.SERVICE_FOR_DELIVERY.get(shipment.delivery_method, "address")


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service checks each photo."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PhotosForm(forms.Form):
    kind = forms.ChoiceField(label=_("The photos show"), choices=ParcelPhoto.Kind.choices, widget=UnfoldAdminSelectWidget)
    photos = MultipleFileField(label=_("Photos"), widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
                             required=False)


class ShipmentAwbMixin(UnfoldSiteViewMixin):
    """Who may reach which shipment: the site decides (vendor: own rows; staff: the permission)."""

    staff = False
    title = _("AWB and shipping")

    def has_permission(self) -> bool:
        if self.staff:
            return self.request.user.is_active and self.request.user.is_staff
        return vendor_site.has_permission(self.request)

    def require(self, perm: str) -> None:
        if self.staff and not self.request.user.has_perm(perm):
            raise PermissionDenied

    def get_shipment(self) -> Shipment:
        queryset = Shipment.objects.select_related("order", "vendor__user")
        if self.staff:
            if not (self.request.user.has_perm(GENERATE) or self.request.user.has_perm(UPLOAD)):
                raise PermissionDenied
            return get_object_or_404(queryset, pk=self.kwargs["shipment_id"])
        return vendor_object(queryset, user=self.request.user, pk=self.kwargs["shipment_id"])

    def url(self, name: str, shipment: Shipment) -> str:
        return reverse(f"staff_{name}" if self.staff else name, args=[shipment.pk])

    def back(self, shipment: Shipment):
        return HttpResponseRedirect(self.url("generate_awb", shipment))

    def refuse(self, request, exc: ValidationError) -> None:
        messages.error(request, " ".join(exc.messages))


class GenerateAwbView(ShipmentAwbMixin, TemplateView):
    """`generate_awb`: the shipment's AWB — make it, see its state and tracking, print, cancel."""

    template_name = "shipping/awb_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shipment = context["shipment"] = self.get_shipment()
        consignments = list(consignments_for_shipment(shipment))
        live = next((c for c in consignments if c.direction == "outbound" and c.status != Consignment.Status.CANCELLED), None)
        context.update({
            "order": shipment.order, "live": live, "consignments": consignments,
            "returns": [c for c in consignments if c.direction == "return"],
            "form": kwargs.get("form") or AwbForm(shipment=shipment),
            "photos_form": PhotosForm(),
            "refusal": services.awb_refusal(shipment),
            "can_generate": not self.staff or self.request.user.has_perm(GENERATE),
            "can_upload": not self.staff or self.request.user.has_perm(UPLOAD),
            "may_make": live is None or live.status == Consignment.Status.AWB_FAILED,
            "urls": {name: self.url(name, shipment) for name in ("generate_awb", "upload_awb", "confirm_shipment", "awb_label", "awb_cancel")},
            "tracking_url": courier_for(live.courier).tracking_url(live.awb_number) if live and live.awb_number else "",
            "courier_label": courier_for(live.courier).label if live and live.courier in REGISTRY else "",
            "cod": services.cod_amount(shipment),
        })
        return context

    def post(self, request, *args, **kwargs):
        self.require(GENERATE)
        shipment = self.get_shipment()
        form = AwbForm(request.POST, shipment=shipment)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            consignment = services.awb_generate(
                shipment=shipment, actor=request.user, courier=form.cleaned_data["courier"],
                service=form.cleaned_data["service"], size=form.cleaned_data["size"], weight=form.cleaned_data["weight"],
            )
        except ValidationError as exc:
            self.refuse(request, exc)
        else:
            consignment.refresh_from_db()
            if consignment.has_awb:
                messages.success(request, _("AWB %(awb)s is ready: print the label.") % {"awb": consignment.awb_number})
            else:
                messages.info(request, _("The AWB was asked for; this page shows it as soon as the courier answers."))
        return self.back(shipment)


class UploadAwbView(ShipmentAwbMixin, View):
    """`upload_awb`: photos of the packed parcel and of its label."""

    def post(self, request, *args, **kwargs):
        self.require(UPLOAD)
        shipment = self.get_shipment()
        live = services.live_consignment(shipment)
        form = PhotosForm(request.POST, request.FILES)
        if live is None:
            messages.error(request, _("Generate the AWB first."))
        elif form.is_valid():
            try:
                photos = services.parcel_photos_upload(
                    consignment=live, actor=request.user, uploads=form.cleaned_data["photos"], kind=form.cleaned_data["kind"],
                )
            except ValidationError as exc:
                self.refuse(request, exc)
            else:
                messages.success(request, _("%(n)s photos saved.") % {"n": len(photos)})
        else:
            messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return self.back(shipment)

    def get(self, request, *args, **kwargs):
        return self.back(self.get_shipment())


class ConfirmShipmentView(ShipmentAwbMixin, View):
    """`confirm_shipment`: the parcel was handed to the courier."""

    def post(self, request, *args, **kwargs):
        self.require(GENERATE)
        shipment = self.get_shipment()
        try:
            services.shipment_confirm_handover(shipment=shipment, actor=request.user)
        except ValidationError as exc:
            self.refuse(request, exc)
        else:
            messages.success(request, _("Hand-over confirmed: the buyer is told when the order is on its way."))
        return self.back(shipment)

    def get(self, request, *args, **kwargs):
        return self.back(self.get_shipment())


class CancelAwbView(ShipmentAwbMixin, View):
    def post(self, request, *args, **kwargs):
        self.require(GENERATE)
        shipment = self.get_shipment()
        live = services.live_consignment(shipment)
        if live is None:
            raise Http404
        try:
            services.awb_cancel(consignment=live, actor=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            self.refuse(request, exc)
        else:
            messages.success(request, _("The AWB is cancelled; you may generate a new one."))
        return self.back(shipment)


class AwbLabelView(ShipmentAwbMixin, View):
    """The label PDF of the shipment's AWB (fetched from the courier when it was not stored yet)."""

    def get(self, request, *args, **kwargs):
        shipment = self.get_shipment()
        live = services.live_consignment(shipment)
        if live is None or not live.awb_number:
            raise Http404
        try:
            pdf = services.consignment_label(consignment=live)
        except CourierError as exc:
            messages.error(request, str(exc))
            return self.back(shipment)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="AWB-{live.awb_number}.pdf"'
        return response


def labels_for(shipments, *, actor) -> tuple[bytes | None, list[str]]:
    """Staff bulk action: AWBs for the chosen shipments that have none (asked now, not left to the job,
    since the labels are wanted now), then ONE PDF of all their labels; what could not be done, said."""
    problems = []
    for shipment in shipments:
        try:
            consignment = services.awb_generate(shipment=shipment, actor=actor)
            consignment = services.consignment_awb_request(consignment_id=consignment.pk) or consignment
        except ValidationError as exc:
            problems.append(f"{shipment.order.number}: {' '.join(exc.messages)}")
            continue
        if not consignment.has_awb:
            problems.append(f"{shipment.order.number}: {consignment.get_status_display()} {consignment.last_error}".strip())
    with_labels = consignments_with_labels([s.pk for s in shipments])
    pdf, missing = services.labels_combined(consignments=with_labels)
    problems += [f"{c.shipment.order.number}: {_('label not available')}" for c in missing]
    return (pdf if len(missing) < len(with_labels) else None), problems
