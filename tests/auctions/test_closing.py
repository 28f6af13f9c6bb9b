"""Closing: results, idempotency, the timed job and the one-minute sweep."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.auctions.models import Auction, AuctionEvent
from marketplace.auctions.services import auction_close, auction_create_for_product, auction_place_bid
from marketplace.auctions.tasks import check_auctions, close_auction
from tests.auctions.conftest import time_up
from tests.factories import auction_product, live_auction, shop_manager

pytestmark = pytest.mark.django_db


def test_a_sale_names_the_winner_at_the_visible_price_and_tells_winner_and_vendor(
    auction, vendor, ana, mihai, django_capture_on_commit_callbacks
):
    auction_place_bid(auction=auction, user=ana, amount="500")
    auction_place_bid(auction=auction, user=mihai, amount="300")
    time_up(auction)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        closed = auction_close(auction=auction)
    assert (closed.status, closed.result, closed.winner, closed.winning_price) == ("ended", "sold", ana, D("310.00"))
    subjects = {(m.to[0], m.subject) for m in mail.outbox}
    assert (ana.email, f"Ați câștigat licitația: {auction.product.title}") in subjects
    assert (vendor.user.email, f"Licitația dvs. s-a încheiat: {auction.product.title}") in subjects
    assert mihai.email not in {m.to[0] for m in mail.outbox}
    from marketplace.notifications.models import Notification

    told = set(Notification.objects.filter(kind__startswith="auction").values_list("user_id", "kind"))
    assert told == {(ana.pk, "auction_won"), (vendor.user_id, "auction_closed")}
    event = closed.events.get(kind=AuctionEvent.Kind.ENDED)
    assert event.data == {"result": "sold", "price": "310.00", "winner": ana.pk}


def test_unmet_reserve_means_no_sale(vendor, ana):
    auction = live_auction(vendor, reserve_price="1000.00")
    auction_place_bid(auction=auction, user=ana, amount="900")
    closed = auction_close(auction=time_up(auction))
    assert (closed.result, closed.winner) == ("reserve_not_met", None)


def test_no_bids_no_sale(auction):
    closed = auction_close(auction=time_up(auction))
    assert (closed.status, closed.result, closed.winner) == ("ended", "no_bids", None)


def test_closing_before_the_end_changes_nothing_unless_staff_force_it(auction, ana):
    auction_place_bid(auction=auction, user=ana, amount="500")
    assert auction_close(auction=auction).status == "live"
    assert close_auction(auction.pk) == "live"
    forced = auction_close(auction=auction, actor=shop_manager(), force=True)
    assert (forced.status, forced.result, forced.winner) == ("ended", "sold", ana)
    assert forced.end_time <= timezone.now()


def test_closing_twice_gives_one_result_and_one_event(auction, ana):
    auction_place_bid(auction=auction, user=ana, amount="500")
    time_up(auction)
    first = auction_close(auction=auction)
    second = auction_close(auction=auction)
    assert first.result == second.result == "sold"
    assert auction.events.filter(kind="ended").count() == 1
    assert close_auction(auction.pk) == "ended"
    assert auction.events.filter(kind="ended").count() == 1


def test_the_sweep_starts_due_auctions_and_closes_ended_ones(vendor, ana):
    ending = live_auction(vendor, title="Se încheie")
    auction_place_bid(auction=ending, user=ana, amount="150")
    time_up(ending)
    running = live_auction(vendor, title="Încă merge")
    later = auction_create_for_product(product=auction_product(vendor, start_time=timezone.now() + timedelta(hours=1)))
    Auction.objects.filter(pk=later.pk).update(start_time=timezone.now() - timedelta(seconds=5))
    report = check_auctions()
    assert report == {"started": 1, "closed": 1, "orders": {}}
    states = dict(Auction.objects.values_list("pk", "status"))
    assert states == {ending.pk: "ended", running.pk: "live", later.pk: "live"}
    assert check_auctions() == {"started": 0, "closed": 0, "orders": {}}


def test_the_sweep_job_is_declared_every_minute():
    from config.schedules import SCHEDULES

    job = next(s for s in SCHEDULES if s["func"] == "marketplace.auctions.tasks.check_auctions")
    assert (job["schedule_type"], job["minutes"]) == ("I", 1)


def test_a_missing_auction_id_is_harmless():
    assert close_auction(999_999) is None
