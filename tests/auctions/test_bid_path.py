"""The bid path's cost on a hot lot (issue 20): refusals without the row lock, the fewest statements inside it,
and an answer made without reading again — with every rule's outcome unchanged."""

from datetime import timedelta
from decimal import Decimal as D
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.auctions import services
from marketplace.auctions.models import Auction, Bid
from tests.factories import customer, live_auction

pytestmark = pytest.mark.django_db
API = "/pwa/api/auctions"


def _statements(ctx, table: str, verb: str) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(verb) and f'"{table}"' in q["sql"]]


def test_a_refused_bid_never_waits_for_the_lock_and_an_accepted_one_takes_it(vendor):
    auction = live_auction(vendor, starting_price="100.00")
    ana, mihai = customer(), customer()
    with mock.patch.object(services, "lock_auction", wraps=services.lock_auction) as lock:
        services.auction_place_bid(auction=auction.pk, user=ana, amount="300")
        assert lock.call_count == 1
        for user, amount, code in ((mihai, "101", "below_minimum"), (ana, "250", "not_above_own_maximum"), (vendor.user, "900", "own_lot")):
            with pytest.raises(ValidationError) as exc:
                services.auction_place_bid(auction=auction.pk, user=user, amount=amount)
            assert exc.value.code == code
        assert lock.call_count == 1  # none of the three queued for the row
        with pytest.raises(ValidationError) as exc:
            services.auction_place_bid(auction=999999, user=mihai, amount="500")
        assert exc.value.code == "not_found" and lock.call_count == 1
    auction.refresh_from_db()
    assert auction.bids_count == 1 and auction.leader_id == ana.pk and Bid.objects.count() == 1


def test_the_bid_request_reads_the_auction_twice_writes_it_once_and_reads_no_bid(client, vendor):
    auction = live_auction(vendor, starting_price="100.00")
    ana, mihai = customer(), customer()
    client.force_login(ana)
    assert client.post(f"{API}/{auction.pk}/bids", {"amount": "900"}, content_type="application/json").status_code == 201
    client.force_login(mihai)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"{API}/{auction.pk}/bids", {"amount": "400"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["outcome"] == "outbid"
    # once as last committed (refusals stop there), once locked; the audit trail does not read it a third time
    assert len(_statements(ctx, "auctions_auction", "SELECT")) == 2
    assert len(_statements(ctx, "auctions_auction", "UPDATE")) == 1
    assert _statements(ctx, "auctions_bid", "SELECT") == []  # the answer's "my maximum" is the bid itself
    assert len(_statements(ctx, "auctions_bid", "INSERT")) == 1


def test_the_answer_to_a_bid_says_what_the_status_says(client, vendor):
    auction = live_auction(vendor, starting_price="100.00", reserve_price="600.00")
    ana, mihai = customer(), customer()
    plan = [(ana, "300"), (mihai, "250"), (mihai, "320"), (ana, "700"), (mihai, "650"), (mihai, "800"), (ana, "900")]
    for user, amount in plan:
        client.force_login(user)
        answer = client.post(f"{API}/{auction.pk}/bids", {"amount": amount}, content_type="application/json")
        status = client.get(f"{API}/{auction.pk}/status").json()
        if answer.status_code == 409:
            continue
        assert answer.status_code == 201
        body = answer.json()
        assert {k: body[k] for k in status} == status
        stored = Bid.objects.filter(auction=auction, user=user).aggregate(m=Max("amount"))["m"]
        assert D(body["my_maximum"]) == stored
    auction.refresh_from_db()
    assert auction.leader_id == ana.pk and auction.leader_max == D("900")


def test_a_bid_that_starts_a_scheduled_auction_is_in_the_audit_trail_and_other_bids_are_not(vendor):
    auction = live_auction(vendor, starting_price="100.00")
    Auction.objects.filter(pk=auction.pk).update(status=Auction.Status.SCHEDULED, start_time=timezone.now() - timedelta(minutes=1))
    kind = ContentType.objects.get_for_model(Auction)
    before = LogEntry.objects.filter(content_type=kind, object_pk=str(auction.pk)).count()
    services.auction_place_bid(auction=auction.pk, user=customer(), amount="200")
    services.auction_place_bid(auction=auction.pk, user=customer(), amount="400")
    entries = list(LogEntry.objects.filter(content_type=kind, object_pk=str(auction.pk)).order_by("pk"))[before:]
    assert len(entries) == 1 and "status" in entries[0].changes_dict
    auction.refresh_from_db()
    assert auction.status == Auction.Status.LIVE and auction.bids_count == 2
