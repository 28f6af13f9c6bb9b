"""The vendor site's support pages: a shop's own tickets (open one, follow it, answer) inside /vendors/.

The same services and the same access rule as the storefront's (``ticket_for_requester``): a vendor
reaches only the tickets they opened.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from unfold.views import UnfoldSiteViewMixin

from doors.errors import form_add_service_error
from marketplace.common.errors import DomainError
from marketplace.support.access import ticket_for_requester
from marketplace.support.models import Ticket
from marketplace.support.selectors import ticket_messages, tickets_for_requester
from marketplace.support.services import ticket_create, ticket_reply

from .sites import vendor_site
from .vendor_support_forms import VendorReplyForm, VendorTicketForm


class VendorSupportMixin(UnfoldSiteViewMixin):
    def has_permission(self) -> bool:
        return vendor_site.has_permission(self.request)


class VendorTicketListView(VendorSupportMixin, TemplateView):
    """`vendor_tickets`: the shop's tickets and a form to open one."""

    title = gettext_lazy("Support")
    template_name = "backoffice/support/vendor_tickets.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tickets"] = tickets_for_requester(user=self.request.user)
        context["form"] = form or VendorTicketForm()
        return context

    def post(self, request, *args, **kwargs):
        form = VendorTicketForm(request.POST)
        if form.is_valid():
            try:
                ticket = ticket_create(
                    requester=request.user, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                    source=Ticket.Source.VENDOR,
                )
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("Ticket #%(n)s is open. We will answer by e-mail and here.") % {"n": ticket.pk})
                return redirect("vendor_ticket_detail", ticket.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class VendorTicketDetailView(VendorSupportMixin, TemplateView):
    title = gettext_lazy("Support ticket")
    template_name = "backoffice/support/vendor_ticket.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket = ticket_for_requester(user=self.request.user, pk=self.kwargs["ticket_id"])
        context.update(
            ticket=ticket, ticket_messages=ticket_messages(ticket, include_internal=False), form=form or VendorReplyForm(),
        )
        return context

    def post(self, request, ticket_id: int):
        ticket = ticket_for_requester(user=request.user, pk=ticket_id)
        form = VendorReplyForm(request.POST)
        if form.is_valid():
            try:
                ticket_reply(ticket=ticket, author=request.user, body=form.cleaned_data["body"])
            except (ValidationError, DomainError) as exc:
                form_add_service_error(form, exc, default_field="body")
            else:
                messages.success(request, _("Your reply is added to the ticket."))
                return redirect("vendor_ticket_detail", ticket.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
