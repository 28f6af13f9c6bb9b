"""Vendor site, auctions: their own auctions, bids received with bidders anonymised, results."""

from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from backoffice.admin.display import AuctionDisplayMixin
from backoffice.admin_mixins import VendorReadOnlyAdminMixin
from backoffice.sites import vendor_site
from marketplace.auctions.models import Auction
from marketplace.vendors.access import vendor_scope


class VendorAuctionAdmin(VendorReadOnlyAdminMixin, AuctionDisplayMixin, ModelAdmin):
    """`vendor_auctions`: the vendor's own auctions; bidders are shown as "Bidder 1, 2, ..."."""

    list_display = ["product", "status_badge", "price", "bids_count", "reserve_met_flag", "end_time", "result", "winning_price"]
    list_filter = ["status", "result"]
    search_fields = ["product__title"]
    readonly_fields = [
        "product", "status", "result", "start_time", "end_time", "starting_price", "reserve_price", "current_price",
        "bids_count", "extensions_count", "winning_price", "closed_at", "cancel_reason", "bids_received",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return vendor_scope(Auction.objects.select_related("product"), user=request.user)


    @display(description=_("bids received"))
    def bids_received(self, obj: Auction):
        return self._history_table(obj, anonymise=True)


vendor_site.register(Auction, VendorAuctionAdmin)
