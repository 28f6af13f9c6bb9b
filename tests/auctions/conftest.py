from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import approved_vendor, customer, live_auction


@pytest.fixture
def vendor():
    return approved_vendor()


@pytest.fixture
def auction(vendor):
    return live_auction(vendor)


@pytest.fixture
def ana():
    return customer(email="ana.bidder@example.ro")


@pytest.fixture
def mihai():
    return customer(email="mihai.bidder@example.ro")


@pytest.fixture
def ioana():
    return customer(email="ioana.bidder@example.ro")


def time_up(auction):
    """Move an auction's end into the past, as if its time had run out."""
    from marketplace.auctions.models import Auction

    now = timezone.now()
    Auction.objects.filter(pk=auction.pk).update(start_time=now - timedelta(hours=2), end_time=now - timedelta(seconds=1))
    auction.refresh_from_db()
    return auction
