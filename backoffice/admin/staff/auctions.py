"""Staff site, auctions: live status, bid history, close/cancel (permissions). Writes go through
marketplace.auctions.services; the list costs a fixed number of queries (selectors)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget

from backoffice.admin.display import AuctionDisplayMixin
from backoffice.confirm import confirm_first
from marketplace.auctions.models import Auction
from marketplace.auctions.selectors import auction_events, auction_list_for_admin
from marketplace.auctions.services import auction_cancel, auction_close, auction_set_unpaid_action


class CancelAuctionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=UnfoldAdminTextareaWidget)


@admin.register(Auction, site=admin.site)
class AuctionAdmin(AuctionDisplayMixin, ModelAdmin):
    list_display = [
        "product", "vendor", "status_badge", "price", "bids_count", "reserve_met_flag", "leader", "end_time", "result",
    ]
    list_filter = ["status", "result", "vendor"]
    search_fields = ["product__title", "vendor__shop_name", "leader__email", "winner__email"]
    list_per_page = 50
    readonly_fields = [
        "product", "vendor", "status", "result", "round", "start_time", "end_time", "starting_price", "reserve_price",
        "bid_increment", "current_price", "bids_count", "leader", "leader_max", "extensions_count", "winner",
        "winning_price", "unpaid_action", "closed_at", "cancel_reason", "bid_history", "event_history",
    ]
    fieldsets = [
        (None, {"fields": ["product", "vendor", ("status", "result", "round")]}),
        (_("Time"), {"fields": [("start_time", "end_time", "extensions_count"), "closed_at"]}),
        (_("Price"), {"fields": [("starting_price", "reserve_price", "bid_increment"), ("current_price", "bids_count"),
                                 ("leader", "leader_max"), ("winner", "winning_price")]}),
        (_("After the auction"), {"fields": ["unpaid_action", "cancel_reason"]}),
        (_("Bid history"), {"fields": ["bid_history"]}),
        (_("Events"), {"fields": ["event_history"]}),
    ]
    actions_detail = ["close_now", "cancel_auction", "relist_when_unpaid", "end_when_unpaid"]

    def get_queryset(self, request):
        return auction_list_for_admin()

    def has_add_permission(self, request) -> bool:
        return False  # auctions are made when an auction listing is validated

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _status(self, obj) -> str | None:
        """Unfold passes the object id (a string) to the permission checks of detail actions."""
        if obj is None:
            return None
        if isinstance(obj, Auction):
            return obj.status
        return Auction.objects.filter(pk=obj).values_list("status", flat=True).first() if str(obj).isdigit() else None

    def has_close_permission(self, request, obj=None) -> bool:
        """Closing early applies to an auction that has not ended yet."""
        if not request.user.has_perm("auctions.can_close_auctions"):
            return False
        return obj is None or self._status(obj) in (Auction.Status.SCHEDULED, Auction.Status.LIVE)

    def has_cancel_permission(self, request, obj=None) -> bool:
        if not request.user.has_perm("auctions.can_close_auctions"):
            return False
        return obj is None or self._status(obj) not in (None, Auction.Status.CANCELLED)

    def has_manage_permission(self, request, obj=None) -> bool:
        if not request.user.has_perm("auctions.can_manage_auctions"):
            return False
        return obj is None or self._status(obj) not in (None, Auction.Status.CANCELLED)

    @display(description=_("bid history"))
    def bid_history(self, obj: Auction):
        return self._history_table(obj, anonymise=False)

    @display(description=_("events"))
    def event_history(self, obj: Auction):
        events = auction_events(auction=obj)
        return format_html_join(
            "", "<div>{} · {} · {} {}</div>",
            ((e.created_at.strftime("%d.%m.%Y %H:%M:%S"), e.get_kind_display(), e.actor or "", e.data or "") for e in events),
        ) or "—"

    def _back(self, object_id):
        return redirect(reverse("admin:auctions_auction_change", args=[object_id]))

    @action(description=_("Close now"), permissions=["close"], icon="gavel")
    @confirm_first(
        title=_("Close this auction now?"), submit_label=_("Close now"), danger=True,
        message=_("Bidding stops at once; the leader at this moment wins if the reserve is met."),
    )
    def close_now(self, request, object_id):
        try:
            auction = auction_close(auction=int(object_id), actor=request.user, force=True)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("The auction is closed: %(result)s.") % {"result": auction.get_result_display()},
                              messages.SUCCESS)
        return self._back(object_id)

    @action(description=_("Cancel"), permissions=["cancel"], icon="block")
    @confirm_first(
        title=_("Cancel this auction?"), submit_label=_("Cancel the auction"), form_class=CancelAuctionForm, danger=True,
        message=_("The auction ends without a winner; its bids are kept."),
    )
    def cancel_auction(self, request, form, object_id):
        try:
            auction_cancel(auction=int(object_id), actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("The auction is cancelled; its bids are kept."), messages.WARNING)
        return self._back(object_id)

    @action(description=_("If unpaid: relist"), permissions=["manage"], icon="replay")
    @confirm_first(
        title=_("Relist the lot if the winner does not pay?"), submit_label=_("If unpaid: relist"),
    )
    def relist_when_unpaid(self, request, object_id):
        auction_set_unpaid_action(auction=int(object_id), actor=request.user, action=Auction.UnpaidAction.RELIST)
        self.message_user(request, _("If nobody pays, the lot will be relisted."), messages.SUCCESS)
        return self._back(object_id)

    @action(description=_("If unpaid: end"), permissions=["manage"], icon="stop_circle")
    @confirm_first(
        title=_("End the auction unsold if the winner does not pay?"), submit_label=_("If unpaid: end"),
    )
    def end_when_unpaid(self, request, object_id):
        auction_set_unpaid_action(auction=int(object_id), actor=request.user, action=Auction.UnpaidAction.END)
        self.message_user(request, _("If nobody pays, the auction will end unsold."), messages.SUCCESS)
        return self._back(object_id)
