"""clean_stale_bids: only a leader's raises that set no price and were superseded at once by their own next raise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.auctions.cleanup import clean_stale_bids, clean_stale_bids_task
from marketplace.auctions.models import Auction, AuctionEvent, Bid
from marketplace.auctions.services import auction_place_bid

pytestmark = pytest.mark.django_db


def bids(auction):
    return list(Bid.objects.filter(auction=auction).order_by("pk").values_list("user__email", "amount", "outcome", "price_after"))


def close_long_ago(auction, days=91):
    end = timezone.now() - dt.timedelta(days=days)
    Auction.objects.filter(pk=auction.pk).update(
        status=Auction.Status.ENDED, result=Auction.Result.SOLD, start_time=end - dt.timedelta(days=7), end_time=end
    )


def test_only_superseded_raises_that_set_no_price_go(auction, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="200")  # leading: sets the price
    auction_place_bid(auction=auction, user=ana, amount="300")  # raised, superseded by ana's next raise → stale
    auction_place_bid(auction=auction, user=ana, amount="400")  # raised, next bid is mihai's → kept
    auction_place_bid(auction=auction, user=mihai, amount="250")  # outbid at once: moved the price → kept
    auction_place_bid(auction=auction, user=mihai, amount="500")  # leading → kept
    before = bids(auction)
    assert [b[2] for b in before] == ["leading", "raised", "raised", "outbid", "leading"]
    assert clean_stale_bids() == 0  # the auction is still running
    close_long_ago(auction, days=30)
    assert clean_stale_bids() == 0  # closed, but not 90 days ago
    close_long_ago(auction)
    assert clean_stale_bids(dry_run=True) == 1 and len(bids(auction)) == 5
    assert clean_stale_bids_task() == "1 stale bids deleted"
    after = bids(auction)
    assert after == [before[0], *before[2:]]
    assert ("ana.bidder@example.ro", Decimal("300.00"), "raised", before[1][3]) not in after
    assert clean_stale_bids() == 0  # nothing left to do


def test_a_raise_named_by_an_event_stays(auction, ana):
    auction_place_bid(auction=auction, user=ana, amount="200")
    raise_ = auction_place_bid(auction=auction, user=ana, amount="300")
    auction_place_bid(auction=auction, user=ana, amount="400")
    AuctionEvent.objects.create(auction=auction, kind=AuctionEvent.Kind.EXTENDED, data={"bid": raise_.pk})
    close_long_ago(auction)
    assert clean_stale_bids() == 0
