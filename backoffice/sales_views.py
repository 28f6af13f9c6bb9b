"""`vendor_sold` (/vendors/sold/): the vendor's sold pieces with gross, the platform's commission and net per line."""

from datetime import timedelta

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminSelectWidget

from marketplace.orders.models import Order
from marketplace.wallet.sales import line_money, sold_items_for_user, sold_totals

from .wallet_views import _day_start
from .wizard_views import VendorPageMixin

PAGE_SIZE = 50


class SoldFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Order status"), required=False, widget=UnfoldAdminSelectWidget,
        choices=[("", _("All"))] + list(Order.Status.choices),
    )
    date_from = forms.DateField(label=_("Sold from"), required=False, widget=UnfoldAdminDateWidget)
    date_to = forms.DateField(label=_("Until"), required=False, widget=UnfoldAdminDateWidget)


def sold_filter(queryset, data):
    """The sold lines narrowed by the filter form (an invalid filter is ignored and shows its error)."""
    form = SoldFilterForm(data or None)
    if not form.is_valid():
        return queryset, form
    values = form.cleaned_data
    if values.get("status"):
        queryset = queryset.filter(order__status=values["status"])
    if values.get("date_from"):
        queryset = queryset.filter(commission__created_at__gte=_day_start(values["date_from"]))
    if values.get("date_to"):
        queryset = queryset.filter(commission__created_at__lt=_day_start(values["date_to"]) + timedelta(days=1))
    return queryset, form


class SoldItemsView(VendorPageMixin, TemplateView):
    """Every line the shop sold (paid), newest first: gross, commission (with its rate), net, the order's status."""

    title = _("Sold items")
    template_name = "vendors/sold_items.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items, form = sold_filter(sold_items_for_user(user=self.request.user), self.request.GET)
        page = Paginator(items, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            page=page, rows=[(item, line_money(item)) for item in page.object_list],
            totals=sold_totals(items), filter_form=form, query=query.urlencode(),
        )
        return context
