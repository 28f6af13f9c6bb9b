"""Checkout form: delivery address, billing (individual or company), delivery per shop, payment, terms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.common.counties import COUNTY_CHOICES
from marketplace.customers.addresses import default_address_for
from marketplace.orders.models import BillingType, DeliveryMethod, PaymentMethod
from marketplace.orders.payments import available_methods
from marketplace.orders.services import CheckoutDetails, checkout_details_check
from marketplace.shipping.lockers import locker_list


def locker_choices() -> list:
    """The default courier's lockers grouped by town (the checkout's choice; validated again by the service)."""
    groups: dict[str, list] = {}
    for locker in locker_list():
        groups.setdefault(locker.city, []).append((locker.id, f"{locker.name} — {locker.address}"))
    return [("", _("Choose a locker")), *groups.items()]


class CheckoutForm(forms.Form):
    shipping_name = forms.CharField(label=_("Recipient"), max_length=150)
    shipping_phone = forms.CharField(label=_("Phone"), max_length=20)
    shipping_address = forms.CharField(label=_("Street and number"), max_length=255)
    shipping_city = forms.CharField(label=_("City"), max_length=100)
    shipping_county = forms.ChoiceField(label=_("County"), choices=[("", _("Choose the county")), *COUNTY_CHOICES],
        error_messages={"invalid_choice": _("Choose the county from the list.")},
    )
    shipping_postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    save_address = forms.BooleanField(label=_("Save this address in my address book"), required=False)
    billing_type = forms.ChoiceField(
        label=_("Invoice to"), choices=BillingType.choices, initial=BillingType.INDIVIDUAL,
        widget=forms.RadioSelect(attrs={"data-billing-type": ""}),
    )
    # Company fields: shown only when "company" is chosen (CSS :has(), no script needed), ignored otherwise.
    billing_vat_number = forms.CharField(
        label=_("VAT number (CUI)"), max_length=32, required=False,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off", "data-cui": ""}),
    )
    billing_name = forms.CharField(label=_("Company name"), max_length=255, required=False, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    billing_registration_number = forms.CharField(label=_("Trade register number"), max_length=40, required=False)
    billing_address = forms.CharField(label=_("Registered address"), max_length=255, required=False)
    billing_city = forms.CharField(label=_("Billing city"), max_length=100, required=False)
    billing_county = forms.ChoiceField(label=_("Billing county"), required=False, choices=[("", _("Choose the county")), *COUNTY_CHOICES],
        error_messages={"invalid_choice": _("Choose the county from the list.")},
    )
    payment_method = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)
    terms = forms.BooleanField(
        label=_("I accept the terms and conditions and the return policy."),
        required=True,
        error_messages={"required": _("Accept the terms and conditions to place the order.")},
    )

    COMPANY_FIELDS = ("billing_vat_number", "billing_name", "billing_registration_number", "billing_address", "billing_city", "billing_county")

    def __init__(self, *args, vendors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.vendors = list(vendors)
        autocomplete = {
            "shipping_name": "name", "shipping_phone": "tel", "shipping_address": "street-address",
            "shipping_city": "address-level2", "shipping_county": "address-level1", "shipping_postal_code": "postal-code",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["shipping_phone"].widget.attrs["inputmode"] = "tel"
        self.fields["shipping_postal_code"].widget.attrs["inputmode"] = "numeric"
        methods = available_methods()
        self.fields["payment_method"].choices = [(m, PaymentMethod(m).label) for m in methods]
        self.fields["payment_method"].initial = methods[0]
        lockers = locker_choices() if self.vendors else []
        for vendor in self.vendors:
            self.fields[f"delivery_{vendor.pk}"] = forms.ChoiceField(
                label=_("Delivery from %(shop)s") % {"shop": vendor.shop_name},
                choices=DeliveryMethod.choices,
                initial=DeliveryMethod.COURIER,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how this shop delivers to you.")},
            )
            self.fields[f"locker_{vendor.pk}"] = forms.ChoiceField(
                label=_("Locker"), required=False, choices=lockers,
                widget=forms.Select(attrs={"data-locker-select": "", "data-search-label": _("Search by town or name")}),
            )

    def shipping_fields(self):
        return [self[name] for name in self.fields if name.startswith("shipping_")]

    def company_fields(self):
        return [self[name] for name in self.COMPANY_FIELDS]

    def delivery_fields(self):
        """(vendor, delivery field, locker field) for the template."""
        return [(v, self[f"delivery_{v.pk}"], self[f"locker_{v.pk}"]) for v in self.vendors]

    def clean(self):
        """The service's checkout rules (``checkout_details_check``), not a copy of them: each field
        that parsed gets the service's message for it."""
        data = super().clean()
        try:
            checkout_details_check(details=self._details(data), vendor_ids=[v.pk for v in self.vendors])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in self.errors:  # "required" already said for an empty field
                    self.add_error(name if name in self.fields else None, messages)
        return data

    def details(self) -> CheckoutDetails:
        return self._details(self.cleaned_data)

    def _details(self, data: dict) -> CheckoutDetails:
        return CheckoutDetails(
            shipping_name=data.get("shipping_name", ""), shipping_phone=data.get("shipping_phone", ""),
            shipping_address=data.get("shipping_address", ""), shipping_city=data.get("shipping_city", ""),
            shipping_county=data.get("shipping_county", ""), shipping_postal_code=data.get("shipping_postal_code", ""),
            payment_method=data.get("payment_method", ""), terms_accepted=bool(data.get("terms")),
            deliveries={v.pk: (data.get(f"delivery_{v.pk}", ""), data.get(f"locker_{v.pk}", "")) for v in self.vendors},
            billing_type=data.get("billing_type") or BillingType.INDIVIDUAL, billing_name=data.get("billing_name", ""),
            billing_vat_number=data.get("billing_vat_number", ""),
            billing_registration_number=data.get("billing_registration_number", ""),
            billing_address=data.get("billing_address", ""), billing_city=data.get("billing_city", ""),
            billing_county=data.get("billing_county", ""),
        )


def initial_from_profile(user) -> dict:
    """The default address of the buyer's address book (else the profile's address) and the profile's
    invoicing data."""
    profile = getattr(user, "profile", None)
    initial: dict = {}
    if profile is not None:
        name = " ".join(p for p in (profile.first_name or user.first_name, profile.last_name or user.last_name) if p)
        address = ", ".join(p for p in (profile.address_line1, profile.address_line2) if p)
        initial = {
            "shipping_name": name, "shipping_phone": profile.phone, "shipping_address": address,
            "shipping_city": profile.city, "shipping_postal_code": profile.postal_code,
        }
        if profile.is_corporate:
            initial.update({
                "billing_type": BillingType.COMPANY, "billing_name": profile.company_name,
                "billing_vat_number": profile.vat_number,
                "billing_address": ", ".join(p for p in (profile.billing_address_line1, profile.billing_address_line2) if p),
            })
    saved = default_address_for(user=user)
    if saved is not None:
        initial.update(address_initial(saved))
    return {k: v for k, v in initial.items() if v}


def address_initial(address) -> dict:
    """A saved address as the checkout's delivery fields."""
    return {
        "shipping_name": address.name, "shipping_phone": address.phone, "shipping_address": address.address,
        "shipping_city": address.city, "shipping_county": address.county, "shipping_postal_code": address.postal_code,
    }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the buyer sees it)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class BankTransferPaidForm(forms.Form):
    bank_reference = forms.CharField(label=_("Bank reference of the transfer"), max_length=255)
