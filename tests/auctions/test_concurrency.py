"""Many bidders at once on PostgreSQL (row lock): nothing lost, the replay agrees, no 500s."""

import pytest
from django.db import connection

from marketplace.auctions.loadtest import run_bids, verify
from tests.factories import approved_vendor, customer, live_auction

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL)"),
]


def test_20_threads_500_bids_match_the_replay_in_commit_order():
    auction = live_auction(approved_vendor(), starting_price="100.00", reserve_price="2000.00")
    bidders = [customer() for _ in range(20)]
    run = run_bids(auction=auction, bidders=bidders, total=500, threads=20)
    assert run.errors == []  # no 500s
    assert run.attempts == 500
    assert len(run.accepted) > 50 and set(run.refused) <= {"below_minimum", "not_above_own_maximum"}
    verdict = verify(auction=auction, run=run)
    assert verdict.problems == [] and verdict.lost == 0
    auction.refresh_from_db()
    assert auction.bids_count == len(run.accepted)
