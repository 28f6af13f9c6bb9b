"""The staff review page of an authentication request: photos side by side with zoom, the brand's checklist, the verdict.

The same page records a bank transfer for a priced request and revokes a certificate; each
form posts to its service, so the rules live in ``marketplace.authenticity.services``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from unfold.views import UnfoldSiteViewMixin

from marketplace.authenticity import services
from marketplace.authenticity.models import AuthenticationRequest
from marketplace.authenticity.selectors import checklist_for, request_for_review


class AuthenticityReviewView(UnfoldSiteViewMixin, TemplateView):
    title = _("Authentication review")
    permission_required = "authenticity.change_authenticationrequest"
    template_name = "backoffice/authenticity_review.html"

    def get_request(self) -> AuthenticationRequest:
        try:
            return request_for_review(pk=self.kwargs["request_id"])
        except AuthenticationRequest.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = context["item"] = kwargs.get("item") or self.get_request()
        context["checklist"] = checklist_for(item)
        context["certificate"] = getattr(item, "certificate", None)
        context["verdicts"] = AuthenticationRequest.Verdict.choices
        context["queue_url"] = reverse("admin:authenticity_reviewqueueentry_changelist")
        context["errors"] = kwargs.get("errors", [])
        context["posted"] = kwargs.get("posted", {})
        return context

    def post(self, request, *args, **kwargs):
        item = self.get_request()
        action = request.POST.get("action")
        try:
            if action == "verdict":
                points = checklist_for(item)
                ticked = {point: f"check-{index}" in request.POST for index, point in enumerate(points)}
                services.authentication_review(
                    request=item, actor=request.user, verdict=request.POST.get("verdict", ""),
                    notes=request.POST.get("notes", ""), checklist=ticked,
                )
                messages.success(request, _("Verdict recorded; the requester is told."))
            elif action == "paid":
                services.authentication_mark_paid(request=item, actor=request.user, reference=request.POST.get("reference", ""))
                messages.success(request, _("Payment recorded; the request is in review."))
            elif action == "revoke":
                certificate = getattr(item, "certificate", None)
                if certificate is None:
                    raise Http404
                services.certificate_revoke(certificate=certificate, actor=request.user, reason=request.POST.get("reason", ""))
                messages.warning(request, _("The certificate is revoked."))
            else:
                messages.error(request, _("Choose an action."))
        except ValidationError as exc:
            context = self.get_context_data(item=item, errors=exc.messages, posted=request.POST)
            return self.render_to_response(context, status=400)
        return HttpResponseRedirect(request.path)
