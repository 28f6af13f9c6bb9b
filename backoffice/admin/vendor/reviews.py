"""Vendor site, reviews: the shop reads its buyers' reviews (hidden ones too, with the team's reason) and
answers each once, publicly. Scoped to the signed-in vendor; another shop's review answers as if it did not exist."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget

from backoffice.admin_mixins import VendorReadOnlyAdminMixin
from backoffice.confirm import confirm_first
from backoffice.sites import vendor_site
from marketplace.common.errors import NotFound
from marketplace.reviews.models import REPLY_MAX, Review
from marketplace.reviews.services import review_reply
from marketplace.vendors.access import approved_vendor_for_user, vendor_scope


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Your answer (public, once)"), max_length=REPLY_MAX, widget=UnfoldAdminTextareaWidget)


class VendorReviewAdmin(VendorReadOnlyAdminMixin, ModelAdmin):
    list_display = ["stars", "comment", "order", "created_at", "answered", "is_hidden"]
    list_filter = ["rating", "is_hidden"]
    search_fields = ["order__number", "comment"]
    list_per_page = 50
    readonly_fields = ["order", "rating", "comment", "created_at", "reply", "replied_at", "is_hidden", "hidden_reason"]
    fields = readonly_fields
    actions_detail = ["answer"]

    def get_queryset(self, request):
        return vendor_scope(Review.objects.select_related("order"), user=request.user)

    def has_answer_permission(self, request, object_id=None) -> bool:
        if not vendor_site.has_permission(request):
            return False
        if object_id is None:
            return True
        return self.get_queryset(request).filter(pk=object_id if str(object_id).isdigit() else 0, reply="").exists()

    @display(description=_("rating"))
    def stars(self, obj: Review) -> str:
        return "★" * obj.rating + "☆" * (5 - obj.rating)

    @display(description=_("answered"), boolean=True)
    def answered(self, obj: Review) -> bool:
        return bool(obj.reply)

    @action(description=_("Answer the review"), permissions=["answer"], icon="reply")
    @confirm_first(title=_("Answer this review"), submit_label=_("Publish the answer"), form_class=ReplyForm,
                   message=_("Your answer is shown under the review on your shop's page. You can answer only once."))
    def answer(self, request, form, object_id):
        try:
            review_reply(vendor=approved_vendor_for_user(request.user), review=int(object_id), text=form.cleaned_data["reply"])
        except (ValidationError, NotFound) as exc:
            self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
        else:
            self.message_user(request, _("Your answer is published."), messages.SUCCESS)
        return redirect(reverse("vendors:reviews_review_change", args=[object_id]))


vendor_site.register(Review, VendorReviewAdmin)
