"""After the hammer: the winner's order through the orders services, and what happens when it goes unpaid.

The winner gets an order (``order_create_for_auction``) to pay within
``PlatformSettings.auction_payment_hours``. Unpaid past the deadline (or cancelled), the lot is
offered to the next-highest bidder at their own maximum (if it meets the reserve), and so on;
when nobody is left, the auction ends unpaid or is relisted — the staff's choice on the auction.
Every function here runs with the auction row locked by its caller.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.administration.selectors import platform_settings
from marketplace.common.jobs import enqueue_after_commit
from marketplace.orders.models import Order
from marketplace.orders.services import order_cancel, order_create_for_auction
from marketplace.products.models import AuctionProduct

from .models import Auction, AuctionEvent, AuctionOrder, Bid
from .state import broadcast, lock_auction, record_event, schedule_close


def winner_order_create(*, auction: Auction, buyer, price, attempt: int = 1) -> AuctionOrder:
    """The buyer's order for the lot at ``price``; made once per (auction, round, attempt)."""
    existing = AuctionOrder.objects.filter(auction=auction, round=auction.round, attempt=attempt).first()
    if existing is not None:
        return existing
    pay_by = timezone.now() + timedelta(hours=platform_settings().auction_payment_hours)
    product = AuctionProduct.objects.get(pk=auction.product_id)
    order = order_create_for_auction(buyer=buyer, product=product, price=price, pay_by=pay_by)
    sale = AuctionOrder.objects.create(
        auction=auction, order=order, buyer=buyer, price=price, round=auction.round, attempt=attempt
    )
    record_event(auction, AuctionEvent.Kind.ORDER_CREATED, order=order.number, buyer=buyer.pk, price=str(price),
           attempt=attempt, pay_by=pay_by.isoformat())
    return sale


def auction_has_taken_order(*, auction: Auction) -> bool:
    return AuctionOrder.objects.filter(auction=auction, outcome=AuctionOrder.Outcome.TAKEN).exists()


def open_orders_cancel(*, auction: Auction, actor, reason: str) -> int:
    """Cancel the order still awaiting payment (the auction itself is being cancelled)."""
    cancelled = 0
    for sale in AuctionOrder.objects.select_related("order").filter(auction=auction, outcome=AuctionOrder.Outcome.AWAITING):
        if sale.order.status == Order.Status.PENDING_PAYMENT:
            order_cancel(order=sale.order, actor=actor, reason=reason)
        sale.outcome = AuctionOrder.Outcome.LAPSED
        sale.save(update_fields=["outcome", "updated_at"])
        cancelled += 1
    return cancelled


def next_bidder(*, auction: Auction) -> tuple[int, object] | None:
    """(user id, maximum) of the highest bidder of this round not yet offered the lot, or None.

    Equal maximums: the earlier bid first. A maximum below the reserve is no sale.
    """
    offered = AuctionOrder.objects.filter(auction=auction, round=auction.round).values("buyer_id")
    best = (
        Bid.objects.filter(auction=auction, round=auction.round)
        .exclude(user_id__in=offered)
        .order_by("-amount", "pk")
        .values_list("user_id", "amount")
        .first()
    )
    if best is None or (auction.reserve_price is not None and best[1] < auction.reserve_price):
        return None
    return best


def sale_follow_up(*, auction: Auction, sale: AuctionOrder, now=None) -> str:
    """Look at one awaiting order: taken, still waiting, or lapsed (then offer the lot on). Returns what happened."""
    now = now or timezone.now()
    order = Order.objects.select_for_update().get(pk=sale.order_id)
    if order.status == Order.Status.PENDING_PAYMENT:
        if order.pay_by is None or order.pay_by > now:
            return "waiting"
        order_cancel(order=order, actor=None, reason=_("Not paid within the auction's payment deadline."))
    elif order.status != Order.Status.CANCELLED:
        sale.outcome = AuctionOrder.Outcome.TAKEN
        sale.save(update_fields=["outcome", "updated_at"])
        record_event(auction, AuctionEvent.Kind.PAID, order=order.number, buyer=sale.buyer_id)
        return "taken"
    sale.outcome = AuctionOrder.Outcome.LAPSED
    sale.save(update_fields=["outcome", "updated_at"])
    record_event(auction, AuctionEvent.Kind.UNPAID, order=order.number, buyer=sale.buyer_id, attempt=sale.attempt)
    if auction.status != Auction.Status.ENDED or auction.result != Auction.Result.SOLD:
        return "lapsed"  # cancelled meanwhile: nothing more to offer
    candidate = next_bidder(auction=auction)
    if candidate is not None:
        user_id, maximum = candidate
        buyer = get_user_model().objects.get(pk=user_id)
        auction.winner, auction.winning_price = buyer, maximum
        auction.save(update_fields=["winner", "winning_price", "updated_at"])
        new_sale = winner_order_create(auction=auction, buyer=buyer, price=maximum, attempt=sale.attempt + 1)
        record_event(auction, AuctionEvent.Kind.OFFERED_NEXT, buyer=user_id, price=str(maximum), order=new_sale.order.number)
        enqueue_after_commit("marketplace.auctions.tasks.notify_second_chance", auction.pk, user_id)
        return "offered"
    if auction.unpaid_action == Auction.UnpaidAction.RELIST:
        auction_relist(auction=auction)
        return "relisted"
    auction.result, auction.winner, auction.winning_price = Auction.Result.UNPAID, None, None
    auction.save(update_fields=["result", "winner", "winning_price", "updated_at"])
    record_event(auction, AuctionEvent.Kind.ENDED, result=auction.result)
    broadcast(auction)
    return "ended"


def auction_orders_follow_up(*, now=None) -> dict[str, int]:
    """The sweep's second half: awaiting orders that were paid, cancelled or are past ``pay_by``, one auction at a time."""
    now = now or timezone.now()
    still_in_time = Q(order__status=Order.Status.PENDING_PAYMENT) & (Q(order__pay_by__isnull=True) | Q(order__pay_by__gt=now))
    due = AuctionOrder.objects.filter(outcome=AuctionOrder.Outcome.AWAITING).exclude(still_in_time)
    report: dict[str, int] = {}
    for sale_id, auction_id in due.values_list("pk", "auction_id"):
        with transaction.atomic():
            auction = lock_auction(auction_id)
            sale = AuctionOrder.objects.filter(pk=sale_id, outcome=AuctionOrder.Outcome.AWAITING).first()
            if sale is None:
                continue
            what = sale_follow_up(auction=auction, sale=sale, now=now)
        report[what] = report.get(what, 0) + 1
    return report


def auction_relist(*, auction: Auction, actor=None) -> Auction:
    """A new round for a lot nobody paid for: fresh times and price; earlier bids stay, in their round."""
    now = timezone.now()
    auction.round += 1
    auction.status, auction.result = Auction.Status.LIVE, Auction.Result.NONE
    auction.start_time, auction.end_time = now, now + timedelta(hours=auction.product.duration_hours)
    auction.current_price, auction.bids_count, auction.leader, auction.leader_max = auction.starting_price, 0, None, None
    auction.winner, auction.winning_price, auction.closed_at, auction.extensions_count = None, None, None, 0
    auction.save()
    record_event(auction, AuctionEvent.Kind.RELISTED, actor=actor, round=auction.round, end=auction.end_time.isoformat())
    schedule_close(auction)
    broadcast(auction)
    return auction
