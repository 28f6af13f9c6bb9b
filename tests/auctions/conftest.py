from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import approved_vendor, customer, live_auction


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Leave the database as migrations made it after a transactional test here.

    Such a test commits, so pytest-django empties every table afterwards; the roles, groups
    and permissions written by data migrations would be gone for a later transactional test
    of another app that does not ask for ``serialized_rollback``. They are loaded back here.
    """
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        from django.core.management import call_command

        with item.config.stash[blocking_manager_key].unblock():
            # Without serialized_rollback the flush re-ran post_migrate (content types, permissions
            # with new ids): empty the tables again so the snapshot goes back as it was taken.
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(contents)


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
