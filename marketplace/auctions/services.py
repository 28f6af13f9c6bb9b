"""Writes on auctions: creation from a validated listing, bids, closing, cancelling, unpaid lots.

Bids on one auction are serialised by locking its row: ``select_for_update`` on PostgreSQL;
on SQLite every write transaction begins IMMEDIATE (config/settings/base.py), so a second
writer waits at BEGIN until the first commits — the same one-at-a-time guarantee. Every
bidder of a hot auction queues on that one row, so the locked section is kept to the fewest
round trips: lock (the row with the listing's status and the seller), insert the bid, update
the row, commit — plus an event row on a soft-close extension or a start. Whatever can be read
before the lock is (the bidder's checks, the platform settings), a bid the rules refuse on the
row as last committed is refused without taking the lock at all, and e-mails, the websocket
broadcast and rescheduling the closing job are queued to run after commit.
"""

from datetime import timedelta
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.services import account_email_verified
from marketplace.administration.selectors import platform_settings
from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.money import MoneyFormatError, money, money_error_message, parse_money
from marketplace.products.models import AuctionProduct, ListingStatus

from . import increments
from .models import Auction, AuctionEvent, Bid
from .sales import auction_has_taken_order, open_orders_cancel, winner_order_create
from .state import (
    auction_state,
    auction_terms,
    broadcast,
    lock_auction,
    read_auction,
    record_event,
    schedule_close,
)


# --- creation -------------------------------------------------------------------------------------
@transaction.atomic
def auction_create_for_product(*, product: AuctionProduct) -> Auction:
    """The auction of a validated listing: starts now (or at the listing's start), lasts its duration.

    Validating the listing again (after an edit) updates the terms while nobody has bid yet;
    once there are bids the terms stay as the bidders saw them.
    """
    if product.status != ListingStatus.VALIDATED:
        raise ValidationError(_("Only a validated listing can be auctioned."), code="not_validated")
    existing = Auction.objects.select_for_update().filter(product=product).first()
    if existing is not None:
        if existing.status in (Auction.Status.SCHEDULED, Auction.Status.LIVE) and existing.bids_count == 0:
            existing.starting_price = existing.current_price = product.starting_price
            existing.reserve_price, existing.bid_increment = product.reserve_price, product.bid_increment
            existing.save(update_fields=["starting_price", "current_price", "reserve_price", "bid_increment", "updated_at"])
            record_event(existing, AuctionEvent.Kind.TERMS_UPDATED, starting_price=str(product.starting_price))
        return existing
    now = timezone.now()
    start = max(now, product.start_time) if product.start_time else now
    starting = money(product.starting_price)
    auction = Auction.objects.create(
        product=product,
        vendor_id=product.vendor_id,
        status=Auction.Status.LIVE if start <= now else Auction.Status.SCHEDULED,
        start_time=start,
        end_time=start + timedelta(hours=product.duration_hours),
        starting_price=starting,
        current_price=starting,
        reserve_price=None if product.reserve_price is None else money(product.reserve_price),
        bid_increment=None if product.bid_increment is None else money(product.bid_increment),
    )
    record_event(auction, AuctionEvent.Kind.CREATED, start=start.isoformat(), end=auction.end_time.isoformat())
    schedule_close(auction)
    return auction


# --- bids -----------------------------------------------------------------------------------------
def _invalid_amount() -> ValidationError:
    return ValidationError({"amount": ValidationError(money_error_message(), code="invalid_amount")})


def _parse_amount(amount) -> Decimal:
    """The bidder's maximum as typed on the page or sent to the API: plain decimal notation only."""
    try:
        value = parse_money(amount)
    except MoneyFormatError as exc:
        raise _invalid_amount() from exc
    if value <= 0:
        raise _invalid_amount()
    return value


def _check_bidder(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Sign in to bid."), code="login_required")
    if user.is_staff:
        raise ValidationError(_("Staff accounts cannot bid."), code="staff_cannot_bid")
    if not user.is_active or not account_email_verified(user=user):
        raise ValidationError(_("Confirm your e-mail address before bidding."), code="email_not_verified")


def _check_open(auction: Auction, now) -> None:
    if auction.status == Auction.Status.CANCELLED:
        raise ValidationError(_("This auction was cancelled."), code="cancelled")
    if auction.status == Auction.Status.ENDED or now >= auction.end_time:
        raise ValidationError(_("This auction has ended."), code="ended")
    if auction.listing_status != ListingStatus.VALIDATED:
        raise ValidationError(_("This auction is not open for bids: the listing is under review."), code="not_validated")
    if now < auction.start_time:
        raise ValidationError(
            _("This auction opens at %(start)s."), code="not_started",
            params={"start": timezone.localtime(auction.start_time).strftime("%d.%m.%Y %H:%M")},
        )


def _apply(auction: Auction, user, maximum: Decimal, config, now) -> tuple[increments.State, str]:
    """The bid rules on ``auction``'s row: who may bid, whether the lot is open, proxy bidding (may refuse)."""
    if auction.seller_id == user.pk:
        raise ValidationError(_("You cannot bid on your own lot."), code="own_lot")
    _check_open(auction, now)
    return increments.apply_bid(auction_state(auction), auction_terms(auction, config), bidder_id=user.pk, maximum=maximum)


_UNAUDITED = {*Auction.BID_FIELDS, "updated_at"}


def _save_bid_fields(auction: Auction, fields: list[str]) -> None:
    """Write what a bid moved on the locked row.

    The audit trail leaves out what every bid moves (price, count, leader, maximum, soft-close end:
    the bids are their own history, see apps.py); auditlog would still read the whole row again
    before the update to compare fields it then ignores — one more round trip while every other
    bidder waits for the lock. Only a change it records (a scheduled auction going live) goes
    through it.
    """
    if set(fields) <= _UNAUDITED:
        with disable_auditlog():
            auction.save(update_fields=fields)
    else:
        auction.save(update_fields=fields)


def auction_place_bid(*, auction: Auction | int, user, amount, config=None) -> Bid:
    """Place ``user``'s maximum bid. Returns the Bid (its ``outcome`` tells the bidder the truth).

    Refusals raise ValidationError with a code: not_found, login_required, staff_cannot_bid,
    email_not_verified, own_lot, cancelled, ended, not_validated, not_started, invalid_amount,
    below_minimum, not_above_own_maximum. A refused bid changes nothing.
    """
    maximum = _parse_amount(amount)
    _check_bidder(user)
    config = config or platform_settings()  # read before the lock: with Redis as the cache it is a network round trip
    # Refusals first, without the lock. On a hot lot most bids are refused (below the minimum by the time
    # they arrive); each would otherwise queue for the row behind every bid in flight only to be turned
    # away. The rules applied to the row as last committed give the answer this bid would have had a
    # moment earlier, and a refused bid changes nothing, so that answer is a true one. A bid the rules
    # accept on that row is decided again under the lock, on the row as it is then.
    try:
        _apply(read_auction(auction), user, maximum, config, timezone.now())
    except Auction.DoesNotExist as exc:
        raise ValidationError(_("No such auction."), code="not_found") from exc
    with transaction.atomic():
        try:
            auction = lock_auction(auction)
        except Auction.DoesNotExist as exc:
            raise ValidationError(_("No such auction."), code="not_found") from exc
        now = timezone.now()
        previous_leader = auction.leader_id
        state, outcome = _apply(auction, user, maximum, config, now)
        fields = ["current_price", "bids_count", "leader", "leader_max", "updated_at"]
        if auction.status == Auction.Status.SCHEDULED:
            auction.status = Auction.Status.LIVE
            fields.append("status")
            record_event(auction, AuctionEvent.Kind.STARTED)
        auction.current_price, auction.bids_count = state.price, state.bids_count
        auction.leader_id, auction.leader_max = state.leader_id, state.leader_max
        minutes = config.soft_close_minutes
        extended_from = None
        if minutes and auction.end_time - now < timedelta(minutes=minutes):
            extended_from, auction.end_time = auction.end_time, now + timedelta(minutes=minutes)
            auction.extensions_count += 1
            fields += ["end_time", "extensions_count"]
        bid = Bid.objects.create(
            auction=auction, user=user, amount=maximum, timestamp=now, round=auction.round,
            outcome=outcome, price_after=state.price,
        )
        _save_bid_fields(auction, fields)
        if extended_from is not None:
            record_event(auction, AuctionEvent.Kind.EXTENDED, bid=bid.pk, **{"from": extended_from.isoformat(), "to": auction.end_time.isoformat()})
            schedule_close(auction)
        if previous_leader is not None and previous_leader != auction.leader_id:
            enqueue_after_commit("marketplace.auctions.tasks.notify_outbid", auction.pk, previous_leader, str(auction.current_price))
        broadcast(auction)
    bid.auction = auction
    return bid


# --- closing --------------------------------------------------------------------------------------
def auction_close(*, auction: Auction | int, actor=None, force: bool = False) -> Auction:
    """End the auction once its time is up (or now, ``force``, for staff) and decide the result.

    Idempotent: an auction already ended or cancelled is returned unchanged, so the timed job,
    the sweep and a second worker may all call it. A sale creates the winner's order (see
    ``sales.winner_order_create``) in the same transaction, at most one per round.
    """
    with transaction.atomic():
        auction = lock_auction(auction)
        now = timezone.now()
        if auction.status in (Auction.Status.ENDED, Auction.Status.CANCELLED):
            return auction
        if not force and now < auction.end_time:
            return auction
        fields = ["status", "result", "closed_at", "winner", "winning_price", "updated_at"]
        if force and now < auction.end_time:
            auction.end_time = max(now, auction.start_time + timedelta(microseconds=1))
            fields.append("end_time")
        auction.status, auction.closed_at = Auction.Status.ENDED, now
        if auction.bids_count == 0:
            auction.result = Auction.Result.NO_BIDS
        elif not auction.reserve_met:
            auction.result = Auction.Result.RESERVE_NOT_MET
        else:
            auction.result = Auction.Result.SOLD
            auction.winner_id, auction.winning_price = auction.leader_id, auction.current_price
        auction.save(update_fields=fields)
        record_event(auction, AuctionEvent.Kind.ENDED, actor=actor, result=auction.result, price=str(auction.current_price),
               winner=auction.winner_id)
        if auction.result == Auction.Result.SOLD:
            winner_order_create(auction=auction, buyer=auction.winner, price=auction.winning_price)
        enqueue_after_commit("marketplace.auctions.tasks.notify_auction_closed", auction.pk)
        broadcast(auction)
    return auction


@transaction.atomic
def auction_cancel(*, auction: Auction | int, actor, reason: str) -> Auction:
    """Staff stop an auction, with a reason; the bids are kept for the record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the auction is cancelled.")}, code="reason_required")
    auction = lock_auction(auction)
    if auction.status == Auction.Status.CANCELLED:
        return auction
    if auction_has_taken_order(auction=auction):
        raise ValidationError(_("The buyer has paid for this lot; cancel or refund the order instead."), code="taken")
    auction.status, auction.cancel_reason, auction.closed_at = Auction.Status.CANCELLED, reason[:500], timezone.now()
    auction.save(update_fields=["status", "cancel_reason", "closed_at", "updated_at"])
    record_event(auction, AuctionEvent.Kind.CANCELLED, actor=actor, reason=reason[:500])
    open_orders_cancel(auction=auction, actor=actor, reason=reason)
    broadcast(auction)
    return auction


@transaction.atomic
def auction_set_unpaid_action(*, auction: Auction | int, actor, action: str) -> Auction:
    """Staff choose what happens when nobody pays: end the auction, or relist the lot."""
    if action not in Auction.UnpaidAction.values:
        raise ValidationError(_("Choose to end or to relist."), code="invalid_choice")
    auction = lock_auction(auction)
    if auction.unpaid_action != action:
        auction.unpaid_action = action
        auction.save(update_fields=["unpaid_action", "updated_at"])
    return auction


def auctions_start_due(*, now=None) -> int:
    """Scheduled auctions whose start time has come become live (one event each)."""
    now = now or timezone.now()
    started = 0
    for pk in Auction.objects.filter(status=Auction.Status.SCHEDULED, start_time__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            auction = lock_auction(pk)
            if auction.status == Auction.Status.SCHEDULED and auction.start_time <= now:
                auction.status = Auction.Status.LIVE
                auction.save(update_fields=["status", "updated_at"])
                record_event(auction, AuctionEvent.Kind.STARTED)
                broadcast(auction)
                started += 1
    return started
