"""Auctions: the live list, one auction with its status, the status alone (polling), and bids.

Doors to marketplace.auctions selectors and ``auction_place_bid``; the live price also reaches
the page over the Channels group ws/auctions/<id>/ (the auctions app's consumer).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from marketplace.administration.selectors import platform_settings
from marketplace.auctions import selectors
from marketplace.auctions.models import Auction, Bid
from marketplace.auctions.my_bids import my_bids
from marketplace.auctions.services import auction_place_bid
from storefront.presenters import image_sources, primary_image

from .schemas import ErrorOut, Id

router = Router(tags=["auctions"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
# A bid on an auction nobody may see (none, or its listing under review) is answered 404 like its page.
NOT_PUBLIC = ("not_found", "not_validated")


class StatusOut(Schema):
    auction: int
    status: str
    result: str | None
    is_open: bool
    price: str
    currency: str
    bids_count: int
    start_time: str
    end_time: str
    has_reserve: bool
    reserve_met: bool
    minimum_bid: str | None
    leader_is_me: bool
    my_maximum: str | None
    extensions: int


class AuctionCardOut(Schema):
    id: int
    title: str
    brand: str
    url: str
    price: str
    end_time: str
    bids_count: int
    image: dict | None


class AuctionDetailOut(AuctionCardOut):
    description: str
    status: StatusOut
    websocket: str


class BidIn(Schema):
    amount: str = Field(..., max_length=20, description="your maximum, in lei (e.g. 1250 or 1250.50)")


class BidOut(StatusOut):
    outcome: str
    outcome_label: str


def _card(auction) -> dict:
    product = auction.product
    return {
        "id": auction.pk, "title": product.display_title, "brand": product.brand.name,
        "url": reverse("auction_detail", args=[auction.pk]), "price": str(auction.current_price),
        "end_time": auction.end_time.isoformat(), "bids_count": auction.bids_count,
        "image": image_sources(primary_image(product)),
    }


def _public(pk: int):
    try:
        return selectors.auction_for_detail(pk=pk)
    except Auction.DoesNotExist:
        raise Http404 from None


@router.get("/", response={200: list[AuctionCardOut], **ERRORS})
def auction_list(request, limit: int = Query(24, ge=1, le=48)):
    """Live and upcoming auctions, ending soonest first."""
    return [_card(auction) for auction in selectors.auction_list_public()[:limit]]


@router.get("/{int:auction_id}", response={200: AuctionDetailOut, **ERRORS})
def auction_detail(request, auction_id: Id):
    auction = _public(auction_id)
    return {
        **_card(auction), "description": auction.product.description,
        "status": selectors.auction_status(auction=auction, user=request.user),
        "websocket": f"/ws/auctions/{auction.pk}/",
    }


@router.get("/{int:auction_id}/status", response={200: StatusOut, **ERRORS})
def auction_status(request, auction_id: Id):
    """The polling fallback of the websocket: price, bids, end time, whether you lead."""
    try:
        auction = selectors.auction_for_status(pk=auction_id)
    except Auction.DoesNotExist:
        raise Http404 from None
    return selectors.auction_status(auction=auction, user=request.user)


class HistoryRowOut(Schema):
    bidder: str
    price: str
    timestamp: str


@router.get("/{int:auction_id}/history", response={200: list[HistoryRowOut], **ERRORS})
def auction_history(request, auction_id: Id):
    """The last 50 bids, newest first, bidders anonymised ("Bidder 1", ...): the price each one made."""
    auction = _public(auction_id)
    rows = selectors.auction_bid_history(auction=auction, anonymise=True, show_maximums=False)[:50]
    return [{"bidder": row.bidder, "price": str(row.price_after), "timestamp": row.timestamp.isoformat()} for row in rows]


class MyAuctionOut(AuctionCardOut):
    status: str
    result: str
    leading: bool
    my_maximum: str | None
    order_id: int | None = Field(None, description="your order for a won lot")
    awaiting_payment: bool = False


class MyBidsOut(Schema):
    live: list[MyAuctionOut]
    won: list[MyAuctionOut]
    lost: list[MyAuctionOut]


def _mine(entry) -> dict:
    sale = entry.sale
    return {
        **_card(entry.auction), "status": entry.auction.status, "result": entry.auction.result,
        "leading": entry.leading, "my_maximum": None if entry.my_maximum is None else str(entry.my_maximum),
        "order_id": sale.order_id if sale else None,
        "awaiting_payment": bool(sale and sale.outcome == sale.Outcome.AWAITING),
    }


@router.get("/mine", response={200: MyBidsOut, **ERRORS}, auth=django_auth)
def auctions_mine(request):
    """Your auctions: live (leading or outbid, your maximum), won (awaiting payment or paid) and lost."""
    bids = my_bids(user=request.user)
    return {"live": [_mine(e) for e in bids.live], "won": [_mine(e) for e in bids.won], "lost": [_mine(e) for e in bids.lost]}


@router.post("/{int:auction_id}/bids", response={201: BidOut, **ERRORS}, auth=django_auth)
def auction_bid(request, auction_id: Id, payload: BidIn):
    """Place your maximum bid: the system bids for you only as much as needed (proxy bidding)."""
    # Every bidder of a hot lot goes through here: the service's locked read of the row is the only read
    # of the auction (it carries the listing's status), and the answer is made from the row as the bid
    # left it, with the settings read once — no query after the commit.
    config = platform_settings()
    try:
        bid = auction_place_bid(auction=auction_id, user=request.user, amount=payload.amount, config=config)
    except ValidationError as exc:
        if getattr(exc, "code", None) in NOT_PUBLIC:
            raise Http404 from None  # a listing under review is not shown, as on the auction's page
        raise  # answered through the doors' error table: 401/403 who may not bid, 409 the lot's state
    status = selectors.auction_status(auction=bid.auction, user=request.user, config=config, my_maximum=bid.amount)
    return Status(201, {**status, "outcome": bid.outcome, "outcome_label": str(Bid.Outcome(bid.outcome).label)})
