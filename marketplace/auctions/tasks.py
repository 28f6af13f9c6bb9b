"""django-q2 jobs of auctions (seed §8: close_auction, check_auctions). Each takes ids and is safe to run twice."""

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from marketplace.common.money import format_money
from marketplace.notifications.services import notification_once_claim, notify

from .models import Auction
from .sales import auction_orders_follow_up
from .selectors import auctions_due_for_closing
from .services import auction_close, auctions_start_due

logger = logging.getLogger(__name__)


def close_auction(auction_id: int) -> str | None:
    """Close one auction at its end time (scheduled per auction, moved on soft-close extensions)."""
    if not Auction.objects.filter(pk=auction_id).exists():
        return None
    return auction_close(auction=auction_id).status


def check_auctions() -> dict:
    """The one-minute sweep: start what is due, close what is over, move unpaid lots on."""
    report = {"started": auctions_start_due(), "closed": 0}
    for pk in auctions_due_for_closing().values_list("pk", flat=True):
        try:
            if auction_close(auction=pk).status == Auction.Status.ENDED:
                report["closed"] += 1
        except Exception:  # one broken auction must not stop the sweep for the others
            logger.exception("auction %s: closing failed", pk)
    report["orders"] = auction_orders_follow_up()
    return report


def _tell(user, kind: str, auction: Auction, **context) -> None:
    """Inbox, Web Push and e-mail, in ``user``'s language, linking to the auction's page."""
    notify(user, kind, {"auction": auction, **context}, url=reverse("auction_detail", args=[auction.pk]))


def notify_outbid(auction_id: int, user_id: int, price: str) -> bool:
    """Tell a bidder that somebody else now leads (skipped if they lead again meanwhile)."""
    auction = Auction.objects.select_related("product").filter(pk=auction_id).first()
    user = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if auction is None or user is None or auction.leader_id == user_id or auction.status != Auction.Status.LIVE:
        return False
    _tell(user, "outbid", auction, price=format_money(price, unit=False))
    return True


def notify_auction_closed(auction_id: int) -> int:
    """Tell the vendor the result and, on a sale, the winner that they won and must pay."""
    auction = (
        Auction.objects.select_related("product", "vendor__user__profile", "winner__profile").filter(pk=auction_id).first()
    )
    if auction is None or auction.status != Auction.Status.ENDED:
        return 0
    _tell(auction.vendor.user, "auction_closed", auction)
    told = 1
    if auction.result == Auction.Result.SOLD and auction.winner is not None:
        _tell(auction.winner, "auction_won", auction)
        told += 1
    return told


def notify_second_chance(auction_id: int, user_id: int) -> bool:
    """Tell the next bidder the lot is theirs at their maximum, if they pay in time."""
    auction = Auction.objects.select_related("product", "winner__profile").filter(pk=auction_id).first()
    if auction is None or auction.winner_id != user_id:
        return False
    _tell(auction.winner, "second_chance", auction)
    return True


ENDING_SOON = dt.timedelta(hours=1)


def auction_watchers(auction: Auction):
    """Who follows a lot: whoever keeps its piece in favourites or on the wishlist, and this round's bidders
    (not the shop that sells it)."""
    return (
        get_user_model().objects.filter(
            Q(favorites__product_id=auction.product_id) | Q(wishlist_items__product_id=auction.product_id)
            | Q(bids__auction_id=auction.pk, bids__round=auction.round),
            is_active=True,
        )
        .exclude(pk=auction.vendor.user_id)
        .select_related("profile")
        .distinct()
    )


def notify_auctions_ending_soon(now: dt.datetime | None = None) -> int:
    """Every five minutes: watchers of a live lot that ends within the hour are told once per round."""
    now = now or timezone.now()
    told = 0
    soon = Auction.objects.select_related("product", "vendor").filter(
        status=Auction.Status.LIVE, end_time__gt=now, end_time__lte=now + ENDING_SOON
    )
    for auction in soon:
        context = {
            "price": format_money(auction.current_price, unit=False),
            "ends": timezone.localtime(auction.end_time).strftime("%H:%M"),
        }
        for user in auction_watchers(auction):
            if notification_once_claim(user=user, key=f"auction_ending:{auction.pk}:{auction.round}"):
                _tell(user, "auction_ending", auction, **context)
                told += 1
    return told
