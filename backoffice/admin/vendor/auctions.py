"""Vendor site, auctions: their own auctions, bids received with bidders anonymised, results."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from backoffice.admin.display import AuctionDisplayMixin
from backoffice.admin_mixins import VendorReadOnlyAdminMixin
from backoffice.sites import vendor_site
from marketplace.auctions.models import Auction
from marketplace.vendors.access import vendor_scope


def duration_short(span) -> str:
    """A time span as a seller reads it at a glance: "2 d 4 h", "3 h 12 min", "8 min"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    return _("%(m)s min") % {"m": minutes}


class VendorAuctionAdmin(VendorReadOnlyAdminMixin, AuctionDisplayMixin, ModelAdmin):
    """`vendor_auctions`: the vendor's own auctions; bidders are shown as "Bidder 1, 2, ..."."""

    # What a seller watches: state, price now, bids, reserve, when it starts and ends, how long is left.
    list_display = [
        "product", "status_badge", "price", "bids_count", "reserve_met_flag", "start_time", "end_time", "time_left",
        "result", "winning_price",
    ]
    list_filter = ["status", "result"]
    search_fields = ["product__title"]
    readonly_fields = [
        "product", "status", "result", "start_time", "end_time", "starting_price", "reserve_price", "current_price",
        "bids_count", "extensions_count", "winning_price", "closed_at", "cancel_reason", "bids_received",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return vendor_scope(Auction.objects.select_related("product"), user=request.user)


    @display(description=_("time left"))
    def time_left(self, obj: Auction) -> str:
        """"2 d 4 h" while it runs, "starts in …" while scheduled, "—" once ended or cancelled."""
        now = timezone.now()
        if obj.status == Auction.Status.SCHEDULED and obj.start_time > now:
            return _("starts in %(span)s") % {"span": duration_short(obj.start_time - now)}
        if obj.status in (Auction.Status.SCHEDULED, Auction.Status.LIVE) and obj.end_time > now:
            return duration_short(obj.end_time - now)
        return "—"

    @display(description=_("bids received"))
    def bids_received(self, obj: Auction):
        return self._history_table(obj, anonymise=True)


vendor_site.register(Auction, VendorAuctionAdmin)
