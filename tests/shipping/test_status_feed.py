"""Tracking through a courier's status feed (Sameday's status-sync): one read for all parcels once the
feed has a starting point, parcel by parcel before that, after a day without it, or when it fails."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from marketplace.orders.models import Order
from marketplace.shipping.couriers import CourierUnavailable
from marketplace.shipping.couriers import TrackingEvent as CourierEvent
from marketplace.shipping.models import Consignment
from marketplace.shipping.services import _feed_key, awb_generate, shipment_confirm_handover, tracking_sync

from .helpers import cod_order, install
from .test_tracking import ScriptedCourier

pytestmark = pytest.mark.django_db
C = Consignment.Status


class FeedCourier(ScriptedCourier):
    """Tracking by parcel from ``script`` (counted), and a feed of (awb, event) from ``feed``."""

    code = "feedy"
    status_feed = True
    feed: list = []
    feed_fails = False
    asked: list = []
    windows: list = []

    def tracking(self, awb_number):
        type(self).asked.append(awb_number)
        return super().tracking(awb_number)

    def status_changes(self, since, until):
        type(self).windows.append((since, until))
        if type(self).feed_fails:
            raise CourierUnavailable("503 from the feed")
        return [(awb, e) for awb, e in type(self).feed if since <= e.at < until]


@pytest.fixture
def shipped(monkeypatch, django_capture_on_commit_callbacks):
    install(monkeypatch, FeedCourier)
    FeedCourier.script, FeedCourier.feed, FeedCourier.asked, FeedCourier.windows = [], [], [], []
    FeedCourier.feed_fails = False
    cache.delete(_feed_key("feedy"))
    order = cod_order()
    shipment = order.shipments.get()
    with django_capture_on_commit_callbacks(execute=True):
        awb_generate(shipment=shipment, actor=None, courier="feedy")
    shipment_confirm_handover(shipment=shipment, actor=None)
    yield order, shipment.consignments.get()
    cache.delete(_feed_key("feedy"))


def test_the_first_run_asks_each_parcel_then_the_feed_takes_over(shipped, django_capture_on_commit_callbacks):
    order, consignment = shipped
    t0 = timezone.now()
    # First run: no starting point yet — the parcel is asked, and the feed starts from now
    assert tracking_sync(now=t0)["fed"] == []
    assert FeedCourier.asked == [consignment.awb_number]
    # Later runs: the feed only, from the last run (a little overlap), nothing asked parcel by parcel
    FeedCourier.feed = [
        (consignment.awb_number, CourierEvent(at=t0 + timedelta(minutes=20), status="in_transit", description="Hub")),
        ("SOMEONE-ELSES-AWB", CourierEvent(at=t0 + timedelta(minutes=21), status="delivered")),
    ]
    result = tracking_sync(now=t0 + timedelta(minutes=30))
    assert result["fed"] == ["feedy"] and result["events"] == 1
    assert FeedCourier.asked == [consignment.awb_number]  # not asked again
    assert FeedCourier.windows[-1] == (t0 - timedelta(minutes=10), t0 + timedelta(minutes=30))
    consignment.refresh_from_db()
    assert consignment.status == C.IN_TRANSIT and consignment.tracking_synced_at == t0 + timedelta(minutes=30)
    # The delivery arrives through the feed and moves the order; read again, nothing is added twice
    FeedCourier.feed.append((consignment.awb_number, CourierEvent(at=t0 + timedelta(minutes=50), status="delivered")))
    with django_capture_on_commit_callbacks(execute=True):
        assert tracking_sync(now=t0 + timedelta(hours=1))["events"] == 1
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    assert consignment.events.filter(status="delivered").count() == 1


def test_a_failing_feed_falls_back_to_asking_each_parcel_and_keeps_its_starting_point(shipped):
    _order, consignment = shipped
    t0 = timezone.now()
    tracking_sync(now=t0)
    FeedCourier.feed_fails = True
    FeedCourier.script = [CourierEvent(at=t0 + timedelta(minutes=5), status="in_transit")]
    result = tracking_sync(now=t0 + timedelta(minutes=30))
    assert result["fed"] == [] and result["events"] == 1
    assert FeedCourier.asked == [consignment.awb_number] * 2
    # the parcel was read up to now: the feed restarts from this run
    assert cache.get(_feed_key("feedy")) == t0 + timedelta(minutes=30)


def test_a_feed_not_read_for_a_day_is_not_trusted_to_cover_the_gap(shipped):
    _order, consignment = shipped
    t0 = timezone.now()
    tracking_sync(now=t0)
    result = tracking_sync(now=t0 + timedelta(hours=25))
    assert result["fed"] == [] and FeedCourier.asked == [consignment.awb_number] * 2
    assert FeedCourier.windows == []


def test_a_parcel_the_courier_cannot_answer_for_keeps_the_feed_from_starting(shipped, monkeypatch):
    _order, consignment = shipped

    def down(self, awb_number):
        raise CourierUnavailable("timeout")

    monkeypatch.setattr(FeedCourier, "tracking", down)
    assert tracking_sync(now=timezone.now())["failed"] == 1
    assert cache.get(_feed_key("feedy")) is None  # the next run asks the parcel again
