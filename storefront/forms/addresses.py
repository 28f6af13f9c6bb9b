"""The address book's form (account area): the same fields and rules as the checkout's delivery address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.common.counties import COUNTY_CHOICES
from marketplace.customers.addresses import AddressDetails


class AddressForm(forms.Form):
    label = forms.CharField(label=_("Label (optional)"), max_length=50, required=False, help_text=_("E.g. Home, Office."))
    name = forms.CharField(label=_("Recipient"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Phone"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    address = forms.CharField(label=_("Street and number"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    city = forms.CharField(label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    county = forms.ChoiceField(label=_("County"), choices=[("", _("Choose the county")), *COUNTY_CHOICES],
        error_messages={"invalid_choice": _("Choose the county from the list.")},
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}))
    is_default = forms.BooleanField(label=_("Use it as my default address"), required=False)

    def details(self) -> AddressDetails:
        data = self.cleaned_data
        return AddressDetails(**{k: data[k] for k in ("label", "name", "phone", "address", "city", "county", "postal_code")})

    @classmethod
    def initial_of(cls, address) -> dict:
        return {k: getattr(address, k) for k in ("label", "name", "phone", "address", "city", "county", "postal_code", "is_default")}
