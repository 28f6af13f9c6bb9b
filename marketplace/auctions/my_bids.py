"""A bidder's own auctions on one page: live ones (leading or outbid, their maximum, time left), lots won
(awaiting payment, or paid), and lots lost. Three queries whatever the number of auctions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.utils import timezone

from marketplace.common.money import money
from marketplace.products.models import ProductImage

from .models import Auction, AuctionOrder, Bid


@dataclass
class MyAuction:
    auction: Auction
    my_maximum: Decimal | None
    leading: bool = False
    sale: AuctionOrder | None = None  # the buyer's order for this lot (won, or offered as the next bidder)


@dataclass
class MyBids:
    live: list[MyAuction] = field(default_factory=list)
    won: list[MyAuction] = field(default_factory=list)
    lost: list[MyAuction] = field(default_factory=list)


def my_bids(*, user, now=None) -> MyBids:
    """Every auction ``user`` bid on, sorted into live (ending soonest first), won and lost (latest first)."""
    now = now or timezone.now()
    maximum = (
        Bid.objects.filter(auction=OuterRef("pk"), round=OuterRef("round"), user=user)
        .values("auction").annotate(m=Max("amount")).values("m")[:1]
    )
    auctions = list(
        Auction.objects.filter(pk__in=Bid.objects.filter(user=user).values("auction_id"))
        .annotate(my_maximum=Subquery(maximum))
        .select_related("product", "product__brand")
        .prefetch_related(
            Prefetch("product__images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
        )
        .order_by("end_time", "pk")
    )
    sales = {
        sale.auction_id: sale
        for sale in AuctionOrder.objects.filter(buyer=user, auction_id__in=[a.pk for a in auctions])
        .select_related("order")
        .order_by("round", "attempt")  # the latest offer wins the dict
    }
    result = MyBids()
    for auction in auctions:
        row = MyAuction(auction=auction, my_maximum=None if auction.my_maximum is None else money(auction.my_maximum), leading=auction.leader_id == user.pk,
                        sale=sales.get(auction.pk))
        lapsed = row.sale is not None and row.sale.outcome == AuctionOrder.Outcome.LAPSED
        still_open = auction.status in (Auction.Status.SCHEDULED, Auction.Status.LIVE) and auction.end_time > now
        if lapsed:
            result.lost.append(row)  # won, or offered as the next bidder, and not paid in time
        elif row.sale is not None or auction.winner_id == user.pk:
            result.won.append(row)
        elif still_open:
            result.live.append(row)
        elif auction.status in (Auction.Status.SCHEDULED, Auction.Status.LIVE) and row.leading:
            result.live.append(row)  # past its end, not closed yet by the sweep: still shown as leading
        else:
            result.lost.append(row)
    result.won.sort(key=lambda row: row.auction.end_time, reverse=True)
    result.lost.sort(key=lambda row: row.auction.end_time, reverse=True)
    return result
