"""Authenticity pages of the storefront: a guest's request, its confirmation, its status, the certificate, /verify/<serial>/."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from doors.errors import error_code, error_status, form_add_service_error
from marketplace.authenticity import services
from marketplace.authenticity.guides import GUIDES
from marketplace.authenticity.models import ItemCategory
from marketplace.authenticity.payments import card_payment_confirm, card_payment_start
from marketplace.authenticity.pdf import certificate_pdf
from marketplace.authenticity.selectors import authenticity_settings, certificate_by_serial
from marketplace.common.ratelimit import client_ip
from marketplace.orders.payments import stripe_enabled
from marketplace.products.models import Brand


class AuthenticationRequestForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    brand = forms.ModelChoiceField(label=_("Brand"), queryset=Brand.objects.order_by("name"), empty_label=_("Choose…"))
    category = forms.ChoiceField(label=_("What is it?"), choices=[("", _("Choose…")), *ItemCategory.choices])
    model_name = forms.CharField(label=_("Model"), max_length=120)
    details = forms.CharField(label=_("Details (year, where it was bought, anything that helps)"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


@require_http_methods(["GET", "POST"])
def request_view(request):
    form = AuthenticationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.authentication_request_create(
                email=data["email"], brand_id=data["brand"].pk, category=data["category"], model_name=data["model_name"],
                details=data["details"], photos=request.FILES.getlist("photos"), client_ip=client_ip(request),
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
            status = error_status(error_code(exc))
        else:
            request.session["authenticity_sent"] = created.pk
            return redirect("authenticity_sent")
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "guides": [(value, label, GUIDES[value]) for value, label in ItemCategory.choices],
        "price": authenticity_settings().price,
        "min_photos": services.MIN_PHOTOS,
        "max_photos": services.MAX_PHOTOS,
    }
    return render(request, "pwa/authenticity/request.html", context, status=status)


def sent_view(request):
    return render(request, "pwa/authenticity/sent.html", {"sent": request.session.get("authenticity_sent")})


def confirm_view(request, token: str):
    try:
        confirmed = services.authentication_request_confirm(token=token)
    except ValidationError as exc:
        return render(request, "pwa/authenticity/confirm_failed.html", {"error": " ".join(exc.messages)}, status=400)
    return redirect("authenticity_status", token=services.status_token(confirmed))


def status_view(request, token: str):
    tracked = services.request_for_status_token(token)
    if tracked is None:
        raise Http404
    if request.GET.get("paid") and card_payment_confirm(request=tracked):
        return redirect("authenticity_status", token=token)  # paid: Stripe confirmed it, the review starts
    certificate = getattr(tracked, "certificate", None)
    context = {
        "tracked": tracked, "certificate": certificate, "bank_account": settings.ORDER_BANK_ACCOUNT,
        "card_available": stripe_enabled(), "token": token,
    }
    return render(request, "pwa/authenticity/status.html", context)


@require_http_methods(["POST"])
def pay_card_view(request, token: str):
    tracked = services.request_for_status_token(token)
    if tracked is None:
        raise Http404
    status_url = request.build_absolute_uri(reverse("authenticity_status", args=[token]))
    try:
        url = card_payment_start(request=tracked, success_url=f"{status_url}?paid=1", cancel_url=status_url)
    except ValidationError as exc:
        context = {"tracked": tracked, "bank_account": settings.ORDER_BANK_ACCOUNT, "card_error": " ".join(exc.messages), "token": token}
        return render(request, "pwa/authenticity/status.html", context, status=error_status(error_code(exc)))
    return redirect(url)


def certificate_pdf_view(request, serial: str):
    certificate = certificate_by_serial(serial)
    if certificate is None or certificate.is_revoked:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("authenticity_verify", args=[certificate.serial]))
    response = HttpResponse(certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificat-{certificate.serial}.pdf"'
    return response


def verify_view(request, serial: str):
    verification = services.certificate_verify(serial=serial)
    status = 404 if verification.state == "unknown" else 200
    return render(request, "pwa/authenticity/verify.html", {"verification": verification, "serial": serial}, status=status)
