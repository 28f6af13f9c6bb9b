"""The auction row and what follows each change of it, shared by the writes (services) and the
after-the-hammer sales: the bid rules' view of it (terms, state), the locked row, its event rows,
the closing job and what the watchers of the auction see.
"""

from django.db import transaction
from django.db.models import F
from django_q.models import Schedule

from marketplace.administration.selectors import platform_settings

from . import increments
from .models import Auction, AuctionEvent
from .realtime import broadcast_auction

CLOSE_TASK = "marketplace.auctions.tasks.close_auction"


def auction_terms(auction: Auction, config=None) -> increments.Terms:
    table = (config or platform_settings()).bid_increments or increments.DEFAULT_TABLE
    return increments.Terms(
        starting_price=auction.starting_price,
        reserve_price=auction.reserve_price,
        table=table,
        listing_increment=auction.bid_increment,
    )


def auction_state(auction: Auction) -> increments.State:
    return increments.State(
        price=auction.current_price,
        bids_count=auction.bids_count,
        leader_id=auction.leader_id,
        leader_max=auction.leader_max,
    )


def record_event(auction: Auction, kind: str, *, actor=None, **data) -> AuctionEvent:
    return AuctionEvent.objects.create(auction=auction, kind=kind, actor=actor, data=data)


def schedule_close(auction: Auction) -> None:
    """(Re)schedule the closing job at ``end_time``, after commit."""
    auction_id, end_time = auction.pk, auction.end_time

    def schedule():
        Schedule.objects.update_or_create(
            name=f"auctions.close.{auction_id}",
            defaults={
                "func": CLOSE_TASK,
                "args": repr((auction_id,)),
                "schedule_type": Schedule.ONCE,
                "repeats": 1,
                "next_run": end_time,
            },
        )

    transaction.on_commit(schedule)


def broadcast(auction: Auction) -> None:
    payload = broadcast_payload(auction)
    transaction.on_commit(lambda: broadcast_auction(auction.pk, payload))


def broadcast_payload(auction: Auction) -> dict:
    """What every watcher of the auction may see; the leader id lets each socket say "you lead"."""
    return {
        "auction": auction.pk,
        "status": auction.status,
        "result": auction.result,
        "price": str(auction.current_price),
        "bids_count": auction.bids_count,
        "end_time": auction.end_time.isoformat(),
        "reserve_met": auction.reserve_met,
        "leader_id": auction.leader_id,
    }


def _with_rules_columns(queryset):
    return queryset.annotate(listing_status=F("product__status"), seller_id=F("vendor__user_id"))


def lock_auction(auction_or_pk) -> Auction:
    """The auction row, locked until the transaction ends, with what the rules read beside it:
    ``listing_status`` (the listing's review status) and ``seller_id`` (the vendor's user)."""
    pk = getattr(auction_or_pk, "pk", auction_or_pk)
    return _with_rules_columns(Auction.objects.select_for_update(of=("self",))).get(pk=pk)


def read_auction(auction_or_pk) -> Auction:
    """The same row and columns as ``lock_auction``, as last committed, without waiting for the lock."""
    pk = getattr(auction_or_pk, "pk", auction_or_pk)
    return _with_rules_columns(Auction.objects.all()).get(pk=pk)
