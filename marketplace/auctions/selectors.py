"""Reads on auctions: what a bidder, a watcher, the vendor and staff see."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.money import money
from marketplace.products.models import ProductImage
from marketplace.products.rules import public_q

from . import increments
from .models import Auction, AuctionEvent, Bid
from .state import auction_state, auction_terms


def auction_list_public() -> QuerySet[Auction]:
    """Live and upcoming auctions of validated listings, ending soonest first, in fixed queries."""
    return (
        Auction.objects.filter(
            public_q("product__"),
            status__in=(Auction.Status.SCHEDULED, Auction.Status.LIVE),
            end_time__gt=timezone.now(),
        )
        .select_related("product", "product__brand", "vendor")
        .prefetch_related(
            Prefetch("product__images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
        )
        .order_by("end_time", "pk")
    )


def auction_list_for_admin() -> QuerySet[Auction]:
    return Auction.objects.select_related("product", "vendor", "leader", "winner")


def auction_for_detail(*, pk) -> Auction:
    """One auction of a validated listing (raises Auction.DoesNotExist otherwise)."""
    return (
        Auction.objects.select_related("product", "product__brand", "product__condition", "vendor")
        .prefetch_related("product__images")
        .filter(public_q("product__"))
        .get(pk=pk)
    )


def auction_for_status(*, pk) -> Auction:
    """The bare auction row for polling (one query); raises Auction.DoesNotExist like auction_for_detail."""
    return Auction.objects.filter(public_q("product__")).get(pk=pk)


def auction_minimum_bid(*, auction: Auction, config=None) -> Decimal:
    return increments.minimum_next_bid(auction_state(auction), auction_terms(auction, config))


def auction_status(*, auction: Auction, user=None, config=None, my_maximum: Decimal | None = None) -> dict:
    """The polling answer (seed: auction_status): price, leader-is-me, bids, end time, reserve met.

    Amounts are strings, times ISO 8601. The leader's maximum and the reserve stay hidden; a
    signed-in bidder sees their own maximum: the leader's is on the row, anyone else's is read
    from their bids unless the caller knows it. The bid answer does: a bid accepted from someone
    who does not lead was at least the minimum, above the price, and the price is never below any
    maximum but the leader's (increments.apply_bid), so that bid is the bidder's highest of the
    round. ``config``: the platform settings when the caller has read them already.
    """
    is_me = bool(getattr(user, "is_authenticated", False) and auction.leader_id == user.pk)
    if is_me:
        my_maximum = auction.leader_max
    elif my_maximum is None and getattr(user, "is_authenticated", False):
        my_maximum = (
            Bid.objects.filter(auction=auction, round=auction.round, user=user).aggregate(m=Max("amount"))["m"]
        )
    open_now = auction.is_open
    return {
        "auction": auction.pk,
        "status": auction.status,
        "result": auction.result,
        "is_open": open_now,
        "price": str(auction.current_price),
        "currency": "RON",
        "bids_count": auction.bids_count,
        "start_time": auction.start_time.isoformat(),
        "end_time": auction.end_time.isoformat(),
        "has_reserve": auction.reserve_price is not None,
        "reserve_met": auction.reserve_met,
        "minimum_bid": str(auction_minimum_bid(auction=auction, config=config)) if open_now else None,
        "leader_is_me": is_me,
        "my_maximum": None if my_maximum is None else str(money(my_maximum)),
        "extensions": auction.extensions_count,
    }


@dataclass(frozen=True)
class BidRow:
    bidder: str
    user_id: int | None
    amount: Decimal | None
    price_after: Decimal
    outcome: str
    outcome_label: str
    timestamp: object
    round: int


def auction_bid_history(*, auction: Auction, anonymise: bool, show_maximums: bool = True) -> list[BidRow]:
    """Every bid, newest first. Anonymised, bidders are "Bidder 1, 2, ..." by their first bid."""
    bids = list(Bid.objects.filter(auction=auction).select_related("user").order_by("pk"))
    numbers: dict[int, int] = {}
    rows = []
    for bid in bids:
        numbers.setdefault(bid.user_id, len(numbers) + 1)
        label = _("Bidder %(n)s") % {"n": numbers[bid.user_id]} if anonymise else bid.user.email
        rows.append(
            BidRow(
                bidder=label, user_id=None if anonymise else bid.user_id,
                amount=bid.amount if show_maximums else None, price_after=bid.price_after, outcome=bid.outcome,
                outcome_label=bid.get_outcome_display(), timestamp=bid.timestamp, round=bid.round,
            )
        )
    rows.reverse()
    return rows


def auction_events(*, auction: Auction) -> QuerySet[AuctionEvent]:
    return AuctionEvent.objects.filter(auction=auction).select_related("actor").order_by("created_at", "pk")


def auctions_due_for_closing(*, now=None) -> QuerySet[Auction]:
    now = now or timezone.now()
    return Auction.objects.filter(status__in=(Auction.Status.SCHEDULED, Auction.Status.LIVE), end_time__lte=now)


def auction_accepted_bids(*, auction: Auction) -> list[tuple[int, Decimal]]:
    """The accepted bids of the current round in commit order, as (bidder id, maximum) for a replay.

    Ids come from a sequence drawn under the auction's lock, so id order is commit order.
    """
    return list(
        Bid.objects.filter(auction=auction, round=auction.round).order_by("pk").values_list("user_id", "amount")
    )


def vendor_open_auctions(*, vendor, now=None) -> QuerySet[Auction]:
    """The vendor's auctions still taking bids (scheduled or live, not yet ended), ending soonest first."""
    return (
        Auction.objects.filter(vendor=vendor, status__in=(Auction.Status.SCHEDULED, Auction.Status.LIVE), end_time__gt=now or timezone.now())
        .select_related("product")
        .order_by("end_time", "pk")
    )
