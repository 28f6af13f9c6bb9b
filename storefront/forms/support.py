"""Support forms of the storefront: a new ticket, a reply, a live message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.orders.models import Order


class TicketForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    order = forms.ModelChoiceField(
        label=_("About an order (optional)"), queryset=Order.objects.none(), required=False, empty_label=_("No order"),
    )
    body = forms.CharField(label=_("Your message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    product = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.filter(buyer=user).order_by("-created_at") if user else Order.objects.none()
        self.fields["order"].label_from_instance = lambda order: f"{order.number} · {order.created_at:%d.%m.%Y}"


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class LiveMessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
