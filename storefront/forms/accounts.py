from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import UserProfile


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    remember = forms.BooleanField(label=_("Keep me signed in on this device"), required=False)


class RegisterForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    wants_to_sell = forms.BooleanField(label=_("I want to sell on SNOBISTIC"), required=False)
    accept_terms = forms.BooleanField(label=_("I accept the terms and the privacy policy"))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("From your authenticator app, your e-mail or SMS, or one of your backup codes."),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = UserProfile
        fields = [
            "first_name", "last_name", "phone", "date_of_birth",
            "address_line1", "address_line2", "city", "postal_code", "country",
            "is_corporate", "company_name", "vat_number", "billing_address_line1", "billing_address_line2",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class VendorApplicationForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop name"), max_length=120)
    is_private_seller = forms.BooleanField(label=_("I sell my own pieces, as a private person"), required=False)
    legal_name = forms.CharField(label=_("Legal name (company or your full name)"), max_length=255)
    vat_number = forms.CharField(label=_("VAT number (CUI)"), max_length=32, required=False)
    iban = forms.CharField(label=_("IBAN for payouts"), max_length=40)
    description = forms.CharField(label=_("About the shop"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
