"""My bids: the buyer's live bids (leading or outbid, their maximum, time left), lots won and lots lost."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from marketplace.auctions.my_bids import my_bids
from storefront.presenters import image_sources, primary_image


def _rows(entries):
    return [{"entry": entry, "auction": entry.auction, "image": image_sources(primary_image(entry.auction.product))}
            for entry in entries]


@login_required
def my_bids_view(request):
    bids = my_bids(user=request.user)
    context = {"live": _rows(bids.live), "won": _rows(bids.won), "lost": _rows(bids.lost)}
    return render(request, "auctions/my_bids.html", context)
