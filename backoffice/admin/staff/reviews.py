"""Staff site, seller reviews: read every review, hide one with a reason (it leaves the shop's rating) or show
it again. Writes go through marketplace.reviews.services; the list reads its rows in a fixed number of queries."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget

from backoffice.confirm import confirm_first
from marketplace.common.errors import NotFound
from marketplace.reviews.models import Review
from marketplace.reviews.services import review_hide, review_show


class HideReviewForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept with the review)"), max_length=500, widget=UnfoldAdminTextareaWidget)


@admin.register(Review, site=admin.site)
class ReviewAdmin(ModelAdmin):
    list_display = ["vendor", "stars", "short_comment", "order", "buyer", "created_at", "answered", "is_hidden"]
    list_filter = ["is_hidden", "rating", "vendor"]
    search_fields = ["vendor__shop_name", "order__number", "buyer__email", "comment"]
    list_per_page = 50
    readonly_fields = [
        "vendor", "order", "shipment", "buyer", "rating", "comment", "reply", "replied_at", "created_at",
        "is_hidden", "hidden_reason", "hidden_at", "hidden_by",
    ]
    fieldsets = [
        (None, {"fields": [("vendor", "order", "shipment"), "buyer", ("rating", "created_at"), "comment"]}),
        (_("The shop's answer"), {"fields": ["reply", "replied_at"]}),
        (_("Moderation"), {"fields": [("is_hidden", "hidden_at", "hidden_by"), "hidden_reason"]}),
    ]
    actions_detail = ["hide_review", "show_review"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor", "order", "buyer", "shipment", "hidden_by")

    def has_add_permission(self, request) -> bool:
        return False  # buyers write reviews

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # nothing is edited; hiding is an action

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a review is hidden with a reason, never deleted

    def _hidden(self, obj) -> bool | None:
        if obj is None:
            return None
        if isinstance(obj, Review):
            return obj.is_hidden
        return Review.objects.filter(pk=obj).values_list("is_hidden", flat=True).first() if str(obj).isdigit() else None

    def has_hide_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("reviews.change_review") and (obj is None or self._hidden(obj) is False)

    def has_show_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("reviews.change_review") and (obj is None or self._hidden(obj) is True)

    @display(description=_("rating"))
    def stars(self, obj: Review) -> str:
        return "★" * obj.rating + "☆" * (5 - obj.rating)

    @display(description=_("comment"))
    def short_comment(self, obj: Review) -> str:
        return obj.comment[:80] + ("…" if len(obj.comment) > 80 else "")

    @display(description=_("answered"), boolean=True)
    def answered(self, obj: Review) -> bool:
        return bool(obj.reply)

    def _back(self, object_id):
        return redirect(reverse("admin:reviews_review_change", args=[object_id]))

    def _run(self, request, object_id, step, done):
        try:
            step()
        except (ValidationError, NotFound) as exc:
            self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return self._back(object_id)

    @action(description=_("Hide the review"), permissions=["hide"], icon="visibility_off")
    @confirm_first(title=_("Hide this review?"), submit_label=_("Hide"), form_class=HideReviewForm, danger=True,
                   message=_("It disappears from the shop's page and no longer counts in the shop's rating."))
    def hide_review(self, request, form, object_id):
        return self._run(
            request, object_id,
            lambda: review_hide(actor=request.user, review=int(object_id), reason=form.cleaned_data["reason"]),
            _("The review is hidden and the shop's rating recounted."),
        )

    @action(description=_("Show the review again"), permissions=["show"], icon="visibility")
    @confirm_first(title=_("Show this review again?"), submit_label=_("Show"),
                   message=_("It is published on the shop's page again and counts in the rating."))
    def show_review(self, request, object_id):
        return self._run(
            request, object_id, lambda: review_show(actor=request.user, review=int(object_id)),
            _("The review is published again."),
        )
