"""Bidding rules through the service every door calls (auction_place_bid) and the status selector."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_q.models import Schedule

from marketplace.administration.services import platform_settings_update
from marketplace.auctions.models import Auction, AuctionEvent, Bid
from marketplace.auctions.selectors import auction_status
from marketplace.auctions.services import auction_cancel, auction_create_for_product, auction_place_bid
from marketplace.notifications.models import Notification
from marketplace.products.services import product_image_add, product_validate
from tests.auctions.conftest import time_up
from tests.factories import UserFactory, auction_product, customer, jpeg_bytes, live_auction, shop_manager

pytestmark = pytest.mark.django_db


def refused(code, **kwargs):
    with pytest.raises(ValidationError) as exc:
        auction_place_bid(**kwargs)
    error = exc.value
    got = error.code if not hasattr(error, "error_dict") else next(e.code for es in error.error_dict.values() for e in es)
    assert got == code, exc.value
    return exc.value


def test_validating_an_auction_listing_opens_its_auction(vendor, django_capture_on_commit_callbacks):
    product = auction_product(vendor, status="pending", starting_price="250.00", reserve_price="900.00", duration_hours=72)
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    with django_capture_on_commit_callbacks(execute=True):
        product_validate(product=product, actor=shop_manager())
    auction = Auction.objects.get(product=product)
    assert auction.status == Auction.Status.LIVE and auction.vendor == vendor
    assert auction.current_price == D("250.00") and auction.reserve_price == D("900.00")
    assert auction.end_time - auction.start_time == timedelta(hours=72)
    schedule = Schedule.objects.get(name=f"auctions.close.{auction.pk}")
    assert schedule.next_run == auction.end_time and schedule.func == "marketplace.auctions.tasks.close_auction"
    assert list(auction.events.values_list("kind", flat=True)) == ["created"]


def test_a_listing_with_a_later_start_is_scheduled_and_refuses_early_bids(vendor, ana):
    start = timezone.now() + timedelta(hours=5)
    auction = auction_create_for_product(product=auction_product(vendor, start_time=start, duration_hours=24))
    assert auction.status == Auction.Status.SCHEDULED and auction.end_time == start + timedelta(hours=24)
    refused("not_started", auction=auction, user=ana, amount="150")


def test_proxy_bidding_through_the_service_tells_each_bidder_the_truth(auction, ana, mihai):
    first = auction_place_bid(auction=auction, user=ana, amount="500")
    second = auction_place_bid(auction=auction, user=mihai, amount="300")
    assert (first.outcome, second.outcome) == ("leading", "outbid")
    auction.refresh_from_db()
    assert (auction.current_price, auction.leader, auction.bids_count) == (D("310.00"), ana, 2)
    for_ana, for_mihai = auction_status(auction=auction, user=ana), auction_status(auction=auction, user=mihai)
    assert for_ana["leader_is_me"] and for_ana["my_maximum"] == "500.00"
    assert not for_mihai["leader_is_me"] and for_mihai["my_maximum"] == "300.00"
    assert for_mihai["price"] == "310.00" and for_mihai["minimum_bid"] == "320.00" and for_mihai["bids_count"] == 2
    raised = auction_place_bid(auction=auction, user=ana, amount="800")
    auction.refresh_from_db()
    assert raised.outcome == "raised" and auction.current_price == D("310.00") and auction.leader_max == D("800.00")


def test_ties_go_to_the_earlier_maximum(auction, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="400")
    assert auction_place_bid(auction=auction, user=mihai, amount="400").outcome == "outbid"
    auction.refresh_from_db()
    assert (auction.leader, auction.current_price) == (ana, D("400.00"))


def test_hidden_reserve_is_reported_only_as_met_or_not(vendor, ana):
    auction = live_auction(vendor, starting_price="100.00", reserve_price="1000.00")
    auction_place_bid(auction=auction, user=ana, amount="600")
    status = auction_status(auction=auction, user=None)
    assert status["has_reserve"] and not status["reserve_met"] and status["price"] == "100.00"
    assert "1000" not in str(status)
    auction_place_bid(auction=auction, user=ana, amount="1200")
    auction.refresh_from_db()
    status = auction_status(auction=auction, user=None)
    assert status["reserve_met"] and status["price"] == "1000.00"


def test_an_unknown_auction_is_refused_not_an_error(ana):
    refused("not_found", auction=999_999, user=ana, amount="500")


def test_vendor_cannot_bid_on_their_own_lot(auction, vendor):
    refused("own_lot", auction=auction, user=vendor.user, amount="500")
    assert Bid.objects.count() == 0


def test_staff_cannot_bid(auction):
    refused("staff_cannot_bid", auction=auction, user=shop_manager(), amount="500")


def test_bidder_needs_a_verified_email(auction):
    person = customer()
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    refused("email_not_verified", auction=auction, user=person, amount="500")


def test_anonymous_visitors_cannot_bid(auction):
    from django.contrib.auth.models import AnonymousUser

    refused("login_required", auction=auction, user=AnonymousUser(), amount="500")


@pytest.mark.parametrize("amount", ["", "abc", "-5", "0", "10.005", "NaN", "1e12"])
def test_malformed_amounts_are_refused(auction, ana, amount):
    error = refused("invalid_amount", auction=auction, user=ana, amount=amount)
    assert "amount" in error.message_dict


def test_bid_below_the_minimum_is_refused_with_the_minimum_and_changes_nothing(auction, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="500")
    auction_place_bid(auction=auction, user=mihai, amount="300")
    error = refused("below_minimum", auction=auction, user=mihai, amount="315")
    assert "320" in error.messages[0]
    auction.refresh_from_db()
    assert (auction.bids_count, auction.current_price) == (2, D("310.00"))
    assert Bid.objects.count() == 2


def test_bids_after_the_end_are_refused(auction, ana):
    time_up(auction)
    refused("ended", auction=auction, user=ana, amount="500")


def test_bids_on_a_listing_back_under_review_are_refused(auction, ana):
    from marketplace.products.models import Product

    Product.objects.filter(pk=auction.product_id).update(status="pending")
    refused("not_validated", auction=auction, user=ana, amount="500")


def test_cancelled_auctions_keep_bids_and_refuse_new_ones(auction, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="500")
    manager = shop_manager()
    with pytest.raises(ValidationError):
        auction_cancel(auction=auction, actor=manager, reason="  ")
    auction_cancel(auction=auction, actor=manager, reason="Piesa s-a dovedit contrafăcută.")
    auction.refresh_from_db()
    assert auction.status == "cancelled" and auction.bids.count() == 1
    event = auction.events.get(kind="cancelled")
    assert event.actor == manager and event.data["reason"] == "Piesa s-a dovedit contrafăcută."
    refused("cancelled", auction=auction, user=mihai, amount="600")


def test_a_late_bid_extends_the_end_and_the_extension_is_recorded(auction, ana, django_capture_on_commit_callbacks):
    old_end = timezone.now() + timedelta(seconds=40)
    Auction.objects.filter(pk=auction.pk).update(end_time=old_end)
    with django_capture_on_commit_callbacks(execute=True):
        bid = auction_place_bid(auction=auction, user=ana, amount="500")
    auction.refresh_from_db()
    assert auction.end_time >= bid.timestamp + timedelta(minutes=2) - timedelta(seconds=1)
    assert auction.end_time > old_end and auction.extensions_count == 1
    event = auction.events.get(kind=AuctionEvent.Kind.EXTENDED)
    assert event.data["from"] == old_end.isoformat() and event.data["to"] == auction.end_time.isoformat()
    assert event.data["bid"] == bid.pk
    assert Schedule.objects.get(name=f"auctions.close.{auction.pk}").next_run == auction.end_time


def test_soft_close_window_comes_from_platform_settings(auction, ana):
    platform_settings_update(actor=None, soft_close_minutes=0)
    end = timezone.now() + timedelta(seconds=40)
    Auction.objects.filter(pk=auction.pk).update(end_time=end)
    auction_place_bid(auction=auction, user=ana, amount="500")
    auction.refresh_from_db()
    assert auction.end_time == end and auction.extensions_count == 0
    platform_settings_update(actor=None, soft_close_minutes=10)
    early = timezone.now() + timedelta(minutes=30)
    Auction.objects.filter(pk=auction.pk).update(end_time=early)
    auction_place_bid(auction=auction, user=ana, amount="600")
    auction.refresh_from_db()
    assert auction.end_time == early  # 30 minutes left: outside the 10-minute window


def test_increment_table_comes_from_platform_settings(auction, ana, mihai):
    platform_settings_update(actor=None, bid_increments=[["0", "1"], ["1000", "100"]])
    auction_place_bid(auction=auction, user=ana, amount="500")
    auction_place_bid(auction=auction, user=mihai, amount="300")
    auction.refresh_from_db()
    assert auction.current_price == D("301.00")


def test_the_outbid_bidder_is_emailed(auction, ana, mihai, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        auction_place_bid(auction=auction, user=ana, amount="200")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        auction_place_bid(auction=auction, user=mihai, amount="300")
    assert [m.to for m in mail.outbox] == [[ana.email]]
    assert auction.product.title in mail.outbox[0].subject and "210,00 lei" in mail.outbox[0].body
    inbox = Notification.objects.get(user=ana)
    assert (inbox.kind, inbox.url) == ("outbid", f"/auctions/{auction.pk}/") and "210,00 lei" in inbox.body
    assert not Notification.objects.filter(user=mihai).exists()


def test_revalidation_updates_terms_only_before_the_first_bid(vendor, ana):
    product = auction_product(vendor, starting_price="100.00")
    auction = auction_create_for_product(product=product)
    product.starting_price = D("150.00")
    product.save()
    again = auction_create_for_product(product=product)
    assert again.pk == auction.pk and again.current_price == D("150.00")
    auction_place_bid(auction=auction, user=ana, amount="200")
    product.starting_price = D("180.00")
    product.save()
    auction_create_for_product(product=product)
    auction.refresh_from_db()
    assert auction.starting_price == D("150.00") and Auction.objects.count() == 1


def test_only_validated_listings_get_an_auction(vendor):
    with pytest.raises(ValidationError):
        auction_create_for_product(product=auction_product(vendor, status="pending"))
    assert UserFactory  # the factory module stays importable for the other tests
