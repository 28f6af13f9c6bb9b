"""Checkout form: delivery address, billing (individual or company), delivery per shop, payment, terms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
    shipping_county = forms.CharField(label=_("County"), max_length=100)
    shipping_postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    billing_type = forms.ChoiceField(label=_("Invoice to"), choices=BillingType.choices, initial=BillingType.INDIVIDUAL, widget=forms.RadioSelect)
    billing_name = forms.CharField(label=_("Company name"), max_length=255, required=False)
    billing_vat_number = forms.CharField(label=_("VAT number (CUI)"), max_length=32, required=False)
    billing_registration_number = forms.CharField(label=_("Trade register number"), max_length=40, required=False)
    billing_address = forms.CharField(label=_("Registered address"), max_length=255, required=False)
    billing_city = forms.CharField(label=_("Billing city"), max_length=100, required=False)
    billing_county = forms.CharField(label=_("Billing county"), max_length=100, required=False)
    payment_method = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)
    terms = forms.BooleanField(
        label=_("I accept the terms and conditions and the return policy."),
        required=True,
        error_messages={"required": _("Accept the terms and conditions to place the order.")},
    )

    def __init__(self, *args, vendors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.vendors = list(vendors)
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
    """Saved addresses and invoicing data from the buyer's profile."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return {}
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
    return {k: v for k, v in initial.items() if v}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the buyer sees it)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class BankTransferPaidForm(forms.Form):
    bank_reference = forms.CharField(label=_("Bank reference of the transfer"), max_length=255)
