from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget


class VendorTicketForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, widget=UnfoldAdminTextInputWidget)
    body = forms.CharField(label=_("Your message"), max_length=10000, widget=UnfoldAdminTextareaWidget)


class VendorReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=10000, widget=UnfoldAdminTextareaWidget)
