"""Vendor site, authenticity: a vendor asks for their own listing to be authenticated and follows the verdict.

The list is scoped to the vendor's listings (``vendor_scope`` through ``product__vendor``); the
form offers only their listings, and the service refuses any other (``vendor_object``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from backoffice.admin_mixins import VendorReadOnlyAdminMixin
from backoffice.sites import vendor_site
from doors.errors import form_add_service_error
from marketplace.authenticity.models import AuthenticationRequest
from marketplace.authenticity.services import authentication_request_for_listing
from marketplace.products.models import Product
from marketplace.vendors.access import vendor_scope


class ListingAuthenticationForm(forms.ModelForm):
    request = None  # set by the admin

    class Meta:
        model = AuthenticationRequest
        fields = ["product", "category", "details"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request is not None else None
        self.fields["product"].required = True
        self.fields["product"].queryset = vendor_scope(Product.objects.order_by("-created_at"), user=user)

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.request is None:
            return cleaned
        try:
            with transaction.atomic():
                self.saved = authentication_request_for_listing(
                    user=self.request.user, product_id=cleaned["product"].pk, category=cleaned.get("category", ""),
                    details=cleaned.get("details", ""),
                )
        except ValidationError as exc:
            form_add_service_error(self, exc)
        return cleaned


class VendorAuthenticationAdmin(VendorReadOnlyAdminMixin, ModelAdmin):
    form = ListingAuthenticationForm
    list_display = ["reference", "product", "status", "verdict", "price", "created_at", "certificate"]
    list_display_links = None
    list_select_related = ["product", "certificate"]

    def get_queryset(self, request):
        return vendor_scope(super().get_queryset(request), user=request.user, lookup="product__vendor")

    def has_add_permission(self, request, obj=None) -> bool:
        return vendor_site.has_permission(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return type(form_class.__name__, (form_class,), {"request": request})

    # The service made the row when the form was cleaned; the admin only reports it.
    def save_form(self, request, form, change):
        return form.saved

    def save_model(self, request, obj, form, change) -> None:
        pass

    def save_related(self, request, form, formsets, change) -> None:
        pass

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, _("Authentication requested for “%(title)s”.") % {"title": obj.product})
        return HttpResponseRedirect(reverse("vendors:authenticity_authenticationrequest_changelist"))

    @display(description=_("request"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    @display(description=_("certificate"))
    def certificate(self, obj):
        certificate = getattr(obj, "certificate", None)
        if certificate is None:
            return "—"
        return format_html('<a class="text-primary-600" href="{}">{}</a>', certificate.verify_url, certificate.serial)


vendor_site.register(AuthenticationRequest, VendorAuthenticationAdmin)
