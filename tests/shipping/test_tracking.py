"""Hand-over, tracking sync, courier webhooks (signature, replay), photos, the buyer's tracking selector."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from doors.errors import error_code
from marketplace.notifications.models import Notification
from marketplace.orders.models import Order, Payment
from marketplace.shipping.couriers import TrackingEvent as CourierEvent
from marketplace.shipping.models import Consignment, CourierWebhookEvent, ParcelPhoto, TrackingEvent
from marketplace.shipping.selectors import shipment_tracking
from marketplace.shipping.services import (
    awb_generate,
    courier_webhook_handle,
    parcel_photos_upload,
    shipment_confirm_handover,
    tracking_sync,
)
from tests.factories import approved_vendor, jpeg_bytes

from .helpers import FlakyCourier, cod_order, install

C = Consignment.Status
SECRET = "whsec-local-test"


def with_awb(order, capture):
    for shipment in order.shipments.all():
        with capture(execute=True):
            awb_generate(shipment=shipment, actor=None)
    return [s.consignments.get() for s in order.shipments.all()]


@pytest.mark.django_db
def test_handover_of_a_one_shop_order_ships_it(django_capture_on_commit_callbacks):
    order = cod_order()
    shipment = order.shipments.get()
    with pytest.raises(ValidationError) as exc:
        shipment_confirm_handover(shipment=shipment, actor=None)
    assert error_code(exc.value) == "awb_missing"
    (consignment,) = with_awb(order, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        shipment_confirm_handover(shipment=shipment, actor=shipment.vendor.user)
    consignment.refresh_from_db()
    order.refresh_from_db()
    assert consignment.status == C.HANDED_OVER and consignment.handed_over_at
    assert order.status == Order.Status.SHIPPED
    # confirmed again: nothing changes, no error
    shipment_confirm_handover(shipment=shipment, actor=None)


@pytest.mark.django_db
def test_a_shared_order_ships_when_the_last_shop_hands_over(django_capture_on_commit_callbacks):
    order = cod_order([approved_vendor(), approved_vendor()])
    with_awb(order, django_capture_on_commit_callbacks)
    a, b = order.shipments.all()
    shipment_confirm_handover(shipment=a, actor=a.vendor.user)
    order.refresh_from_db()
    assert order.status == Order.Status.AWB_GENERATED
    with django_capture_on_commit_callbacks(execute=True):
        shipment_confirm_handover(shipment=b, actor=b.vendor.user)
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


class ScriptedCourier(FlakyCourier):
    code = "scripted"
    failures = 0
    script: list = []

    def tracking(self, awb_number):
        return list(type(self).script)


@pytest.mark.django_db
def test_tracking_sync_saves_new_events_once_and_delivery_records_the_cash(monkeypatch, django_capture_on_commit_callbacks):
    # Given a shipped cash-on-delivery parcel with a courier that reports its way
    install(monkeypatch, ScriptedCourier)
    order = cod_order()
    shipment = order.shipments.get()
    with django_capture_on_commit_callbacks(execute=True):
        awb_generate(shipment=shipment, actor=None, courier="scripted")
    shipment_confirm_handover(shipment=shipment, actor=None)
    t0 = timezone.now()
    ScriptedCourier.script = [
        CourierEvent(at=t0 + timedelta(hours=1), status="in_transit", description="Plecat din depozit", location="București"),
    ]
    # When the sync runs twice
    assert tracking_sync(now=t0 + timedelta(hours=2))["events"] == 1
    assert tracking_sync(now=t0 + timedelta(hours=2, minutes=30))["events"] == 0
    consignment = shipment.consignments.get()
    assert consignment.status == C.IN_TRANSIT and consignment.tracking_status == "in_transit"
    # When the courier reports the delivery
    ScriptedCourier.script = [*ScriptedCourier.script,
                              CourierEvent(at=t0 + timedelta(hours=20), status="delivered", description="Livrat")]
    with django_capture_on_commit_callbacks(execute=True):
        assert tracking_sync(now=t0 + timedelta(hours=21))["events"] == 1
    # Then the parcel and the order are delivered, and the cash collected is recorded
    consignment.refresh_from_db()
    order.refresh_from_db()
    assert consignment.status == C.DELIVERED and consignment.delivered_at == t0 + timedelta(hours=20)
    assert order.status == Order.Status.DELIVERED and order.paid_at is not None
    assert order.payments.get().status == Payment.Status.SUCCEEDED
    # And a delivered parcel is no longer read
    assert tracking_sync(now=t0 + timedelta(days=1)) == {"events": 0, "failed": 0, "awb_retried": 0, "fed": []}


@pytest.mark.django_db
def test_a_courier_that_fails_during_sync_is_skipped(monkeypatch, django_capture_on_commit_callbacks):
    class Down(ScriptedCourier):
        code = "down"

        def tracking(self, awb_number):
            from marketplace.shipping.couriers import CourierUnavailable

            raise CourierUnavailable("503")

    install(monkeypatch, Down)
    order = cod_order()
    with django_capture_on_commit_callbacks(execute=True):
        awb_generate(shipment=order.shipments.get(), actor=None, courier="down")
    assert tracking_sync()["failed"] == 1


def _signed(body: dict, secret=SECRET):
    raw = json.dumps(body).encode()
    return raw, hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


@pytest.mark.django_db
@override_settings(COURIER_WEBHOOK_SECRETS={"local": SECRET})
def test_a_signed_webhook_moves_the_parcel_and_a_replay_changes_nothing(django_capture_on_commit_callbacks):
    order = cod_order()
    shipment = order.shipments.get()
    (consignment,) = with_awb(order, django_capture_on_commit_callbacks)
    shipment_confirm_handover(shipment=shipment, actor=None)
    body = {"id": "evt-1", "awb": consignment.awb_number, "status": "delivered", "description": "Livrat",
            # after the hand-over: an event older than the parcel's last one does not move it back or forth
            "at": (timezone.now() + timedelta(minutes=5)).isoformat()}
    raw, signature = _signed(body)
    with django_capture_on_commit_callbacks(execute=True):
        assert courier_webhook_handle(courier_code="local", body=raw, signature=signature) == "ok"
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    assert courier_webhook_handle(courier_code="local", body=raw, signature=signature) == "duplicate"
    assert TrackingEvent.objects.filter(consignment=consignment, status="delivered").count() == 1
    assert CourierWebhookEvent.objects.count() == 1


@pytest.mark.django_db
@override_settings(COURIER_WEBHOOK_SECRETS={"local": SECRET, "dpd": ""})
def test_a_webhook_with_a_bad_signature_or_no_secret_is_refused():
    raw, signature = _signed({"id": "e", "awb": "X", "status": "delivered", "at": "2026-12-01T10:00:00Z"}, secret="wrong")
    for code, sig in (("local", signature), ("local", ""), ("dpd", signature)):
        with pytest.raises(ValidationError) as exc:
            courier_webhook_handle(courier_code=code, body=raw, signature=sig)
        assert error_code(exc.value) == "bad_signature"
    assert not CourierWebhookEvent.objects.exists()
    raw, signature = _signed({"id": "e"})
    with pytest.raises(ValidationError) as exc:
        courier_webhook_handle(courier_code="local", body=raw, signature=signature)
    assert error_code(exc.value) == "bad_payload"


@pytest.mark.django_db
def test_parcel_photos_are_checked_like_listing_photos(django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    order = cod_order()
    (consignment,) = with_awb(order, django_capture_on_commit_callbacks)
    good = SimpleUploadedFile("colet.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    bad = SimpleUploadedFile("colet.jpg", b"not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        parcel_photos_upload(consignment=consignment, actor=None, uploads=[bad])
    assert error_code(exc.value) == "not_image"
    (photo,) = parcel_photos_upload(consignment=consignment, actor=None, uploads=[good], kind="label")
    assert photo.image.name.startswith(f"awb_labels/{consignment.shipment_id}/photos/") and photo.kind == "label"
    assert ParcelPhoto.objects.count() == 1


@pytest.mark.django_db
def test_the_buyer_s_tracking_costs_two_queries_whatever_the_number_of_parcels(django_assert_num_queries, django_capture_on_commit_callbacks):
    orders = [cod_order() for _i in range(3)]
    for order in orders:
        with_awb(order, django_capture_on_commit_callbacks)
    ids = [s.pk for o in orders for s in o.shipments.all()]
    with django_assert_num_queries(2):
        tracking = shipment_tracking(ids)
    assert set(tracking) == set(ids)
    one = tracking[ids[0]]
    assert one.awb_number.startswith("SNB") and one.tracking_url.endswith(f"/track/{one.awb_number}/")
    assert [e.status for e in one.events] == ["created"]
    with django_assert_num_queries(2):
        shipment_tracking(ids[:1])


@pytest.mark.django_db
def test_the_buyer_is_told_once_when_the_parcel_goes_out_for_delivery(monkeypatch, django_capture_on_commit_callbacks):
    install(monkeypatch, ScriptedCourier)
    order = cod_order()
    shipment = order.shipments.get()
    with django_capture_on_commit_callbacks(execute=True):
        awb_generate(shipment=shipment, actor=None, courier="scripted")
    shipment_confirm_handover(shipment=shipment, actor=None)
    earlier = list(Notification.objects.filter(user=order.buyer).values_list("pk", flat=True))  # e.g. "your parcel has an AWB"
    t0 = timezone.now()
    ScriptedCourier.script = [CourierEvent(at=t0 + timedelta(hours=1), status="out_for_delivery", description="În livrare")]
    with django_capture_on_commit_callbacks(execute=True):
        tracking_sync(now=t0 + timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        tracking_sync(now=t0 + timedelta(hours=3))  # nothing new: nobody is told twice
    notices = Notification.objects.filter(user=order.buyer, kind="shipment").exclude(pk__in=earlier)
    assert notices.count() == 1 and shipment.consignments.get().awb_number in notices.get().body
