"""Vendor site, returns: requests on the vendor's own shipments (``returns_for_vendor``), answered here;
an id of another shop's return answers as if it did not exist."""

from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action

from backoffice.admin.returns import ReasonDialog, ReturnActionsMixin, ReturnDisplayMixin
from backoffice.admin_mixins import VendorReadOnlyAdminMixin
from backoffice.confirm import confirm_first
from backoffice.sites import vendor_site
from marketplace.orders.models import ReturnRequest
from marketplace.orders.returns import return_answer, returns_for_vendor

R = ReturnRequest.Status


class VendorReturnAdmin(ReturnDisplayMixin, ReturnActionsMixin, VendorReadOnlyAdminMixin, ModelAdmin):
    """`vendor returns`: accept or refuse within the answer deadline, then receipt, inspection and refund."""

    actions_detail = ["accept", "refuse", "record_tracking", "receive", "refund"]
    change_view_name = "vendors:orders_returnrequest_change"

    def get_queryset(self, request):
        return returns_for_vendor(user=request.user)

    def _may_act(self, request) -> bool:
        return vendor_site.has_permission(request)

    def has_answer_permission(self, request, object_id=None) -> bool:
        return self._at(request, object_id, R.REQUESTED)

    @action(description=_("Accept the return"), permissions=["answer"], icon="check_circle")
    @confirm_first(title=_("Accept this return?"), submit_label=_("Accept"),
                   message=_("The buyer sends the parcel back; you refund once you have received and checked it."))
    def accept(self, request, object_id):
        return self._accept(request, object_id, lambda rr: return_answer(return_request=rr, actor=request.user, accept=True))

    @action(description=_("Refuse the return"), permissions=["answer"], icon="block")
    @confirm_first(title=_("Refuse this return?"), submit_label=_("Refuse"), form_class=ReasonDialog, danger=True,
                   message=_("The SNOBISTIC team then reads both sides and decides."))
    def refuse(self, request, form, object_id):
        return self._run(
            request, object_id,
            lambda rr: return_answer(return_request=rr, actor=request.user, accept=False, reason=form.cleaned_data["reason"]),
            _("Refusal sent; the SNOBISTIC team decides."),
        )


vendor_site.register(ReturnRequest, VendorReturnAdmin)
