"""``clean_stale_bids`` (the seed's job): drop the bid rows that only repeat a bidder's own maximum.

What "stale" means under proxy bidding. Every bid is a stated maximum; the platform bids for
the person up to it. Most bids move the price: a new leader's bid, a bid beaten at once by the
leader's automatic bid (outcome ``outbid`` — it still pushed the price up), a leader's raise
that lifted the price to the reserve. Those are the auction's price history and are NEVER
deleted. A bid is stale only when all of this holds:

1. its auction ended or was cancelled more than ``STALE_AFTER_DAYS`` (90) days ago (well past
   payment, second-chance offers, delivery and returns, which replay the round's bids);
2. it is a leader raising their own maximum (outcome ``raised``);
3. it did not set a price: the price after it equals the price after the bid before it;
4. it was superseded at once: the very next bid of the round is the same person's, so the
   maximum it stated was never the one anybody bid against;
5. no auction event names it (a late raise that extended the auction stays, with its event).

So the row removed is one a replay of the round would skip without changing any price, and
the last maximum each person stated stays. The auction's ``bids_count`` is left as it was (the
number of bids placed), and the public history never showed maximums anyway.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Auction, AuctionEvent, Bid

STALE_AFTER_DAYS = 90


def stale_bid_ids(*, auction_id: int) -> list[int]:
    rows = list(
        Bid.objects.filter(auction_id=auction_id).order_by("round", "pk").values_list("pk", "round", "user_id", "outcome", "price_after")
    )
    named = {
        data.get("bid") for data in AuctionEvent.objects.filter(auction_id=auction_id).values_list("data", flat=True)
        if isinstance(data, dict)
    }
    stale = []
    for index, (pk, round_, user_id, outcome, price_after) in enumerate(rows):
        if outcome != Bid.Outcome.RAISED or index == 0 or index + 1 >= len(rows):
            continue
        before, after = rows[index - 1], rows[index + 1]
        if before[1] != round_ or after[1] != round_:
            continue
        if price_after == before[4] and after[2] == user_id and pk not in named:
            stale.append(pk)
    return stale


def clean_stale_bids(*, now=None, dry_run: bool = False) -> int:
    """Delete (or count, ``dry_run``) the stale bids of auctions closed long enough ago. Returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=STALE_AFTER_DAYS)
    auctions = (
        Auction.objects.filter(status__in=[Auction.Status.ENDED, Auction.Status.CANCELLED], end_time__lt=cutoff,
                               bids__outcome=Bid.Outcome.RAISED)
        .values_list("pk", flat=True).distinct().order_by("pk")
    )
    total = 0
    for auction_id in auctions.iterator():
        with transaction.atomic():
            ids = stale_bid_ids(auction_id=auction_id)
            if ids and not dry_run:
                Bid.objects.filter(pk__in=ids).delete()
        total += len(ids)
    return total


def clean_stale_bids_task() -> str:
    """The nightly job (config/schedules.py)."""
    return f"{clean_stale_bids()} stale bids deleted"
