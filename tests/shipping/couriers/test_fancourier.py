"""FAN Courier API v2 adapter against recorded answers (shapes: see recorded/fancourier/README.md)."""

from decimal import Decimal

import pytest
import requests

from marketplace.shipping.couriers.base import CourierRefused, CourierUnavailable, Service, TrackingStatus
from marketplace.shipping.couriers.fancourier import FanCourier

from .player import Reply, awb_request, session_with

LOGIN = Reply("POST", "/login", file="login.json")
TOKEN = "48944740|EJU0MgzeWY4y1zy9JpQg3cu3cDiqoVg1ZXsIrqLQ"


def courier(*replies):
    session, player = session_with("fancourier", list(replies))
    return FanCourier("7032158", "clienttest", "testing", session=session), player


def test_create_awb_sends_the_documented_shipment():
    fan, player = courier(LOGIN, Reply("POST", "/intern-awb", file="awb_create.json"))
    result = fan.create_awb(awb_request())

    assert result.awb_number == "2332300120218" and result.price == Decimal("30.53")
    assert player.sent[0].form() == {"username": "clienttest", "password": "testing"}
    sent = player.sent[1]
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    body = sent.json()
    assert body["clientId"] == "7032158" and len(body["shipments"]) == 1
    info, recipient = body["shipments"][0]["info"], body["shipments"][0]["recipient"]
    assert info["service"] == "Cont Colector"  # cash on delivery goes to the collector account
    assert info["packages"] == {"parcel": 1, "envelope": 0} and info["weight"] == 1.2
    assert info["cod"] == 1250.0 and info["declaredValue"] == 1250.0 and info["payment"] == "sender"
    assert info["dimensions"] == {"length": 40, "height": 15, "width": 30} and info["content"] == "Geanta de piele"
    assert recipient["name"] == "Maria Popescu" and recipient["phone"] == "0744123456"
    assert recipient["address"] == {"county": "Cluj", "locality": "Cluj-Napoca", "street": "Str. Memorandumului 21, ap. 4",
                                    "streetNo": "", "zipCode": "400114"}
    sender = body["shipments"][0]["sender"]  # collected from the vendor
    assert sender["name"] == "Atelier Ioana SRL" and sender["contactPerson"] == "Ioana Marin"
    assert sender["address"]["locality"] == "Bucuresti" and sender["address"]["street"] == "Str. Episcopiei 6"


def test_fanbox_delivery_names_the_locker():
    fan, player = courier(LOGIN, Reply("POST", "/intern-awb", file="awb_create.json"))
    fan.create_awb(awb_request(service=Service.LOCKER, locker_id="FAN0100", cod_amount=Decimal("0")))
    shipment = player.sent[1].json()["shipments"][0]
    assert shipment["info"]["service"] == "FANbox" and shipment["recipient"]["address"]["pickupLocationId"] == "FAN0100"


def test_without_cash_on_delivery_the_service_is_standard():
    fan, player = courier(LOGIN, Reply("POST", "/intern-awb", file="awb_create.json"))
    fan.create_awb(awb_request(cod_amount=Decimal("0")))
    assert player.sent[1].json()["shipments"][0]["info"]["service"] == "Standard"


def test_a_refused_shipment_carries_fan_s_message():
    fan, _ = courier(LOGIN, Reply("POST", "/intern-awb", file="awb_create_refused.json"))
    with pytest.raises(CourierRefused, match="Localitatea nu a fost gasita"):
        fan.create_awb(awb_request())


def test_a_422_validation_error_carries_fan_s_message():
    fan, _ = courier(LOGIN, Reply("POST", "/intern-awb", status=422, file="validation_422.json"))
    with pytest.raises(CourierRefused, match="weight field is required") as caught:
        fan.create_awb(awb_request())
    assert not caught.value.retryable


def test_label_pdf():
    fan, player = courier(LOGIN, Reply("GET", "/awb/label", file="label.pdf"))
    assert fan.label_pdf("2332300120218").startswith(b"%PDF")
    query = player.sent[1].query
    assert query["awbs[]"] == ["2332300120218"] and query["pdf"] == ["1"] and query["clientId"] == ["7032158"]


def test_a_label_fan_refuses():
    fan, _ = courier(LOGIN, Reply("GET", "/awb/label", file="label_fail.json"))
    with pytest.raises(CourierRefused, match="nu exista"):
        fan.label_pdf("999")


def test_tracking_maps_event_ids():
    fan, player = courier(LOGIN, Reply("GET", "/reports/awb/tracking", file="tracking.json"))
    events = fan.tracking("2332300120218")
    assert [(e.courier_code, e.status) for e in events] == [
        ("C0", TrackingStatus.PICKED_UP), ("H3", TrackingStatus.IN_TRANSIT), ("H10", TrackingStatus.IN_TRANSIT),
        ("C1", TrackingStatus.OUT_FOR_DELIVERY), ("S12", TrackingStatus.FAILED_DELIVERY), ("S2", TrackingStatus.DELIVERED),
    ]
    assert events[-1].at.isoformat() == "2026-11-27T16:05:40+02:00" and events[-1].location == "Cluj-Napoca"
    assert player.sent[1].query["awb[]"] == ["2332300120218"]


def test_fanbox_lockers():
    fan, player = courier(LOGIN, Reply("GET", "/reports/pickup-points", file="pickup_points.json"))
    lockers = fan.lockers()
    assert [(x.id, x.city, x.county) for x in lockers] == [("FAN0100", "Cluj-Napoca", "Cluj"), ("FAN0023", "Bucuresti", "Bucuresti")]
    assert lockers[0].address == "Str. Avram Iancu 492-500" and lockers[0].latitude == 46.7876
    assert player.sent[1].query["type"] == ["fanbox"]


def test_cancel():
    fan, player = courier(LOGIN, Reply("DELETE", "/awb", file="delete.json"))
    fan.cancel_awb("2332300120218")
    assert player.sent[1].query["awb"] == ["2332300120218"]


def test_an_expired_token_is_replaced_once_on_401():
    fan, player = courier(
        LOGIN,
        Reply("DELETE", "/awb", status=401, file="unauthenticated.json"),
        Reply("POST", "/login", body={"status": "success", "data": {"token": "48944741|fresh", "expiresAt": "2026-12-02 08:00:00"}}),
        Reply("DELETE", "/awb", file="delete.json"),
    )
    fan.cancel_awb("2332300120218")
    assert player.sent[3].headers["Authorization"] == "Bearer 48944741|fresh" and player.done


def test_a_server_error_is_retryable():
    fan, _ = courier(LOGIN, Reply("POST", "/intern-awb", status=502, body="<html>Bad gateway</html>"))
    with pytest.raises(CourierUnavailable) as caught:
        fan.create_awb(awb_request())
    assert caught.value.retryable


def test_a_timeout_is_retryable():
    fan, _ = courier(Reply("POST", "/login", raises=requests.ConnectTimeout("connect timed out")))
    with pytest.raises(CourierUnavailable):
        fan.tracking("2332300120218")


def test_a_rate_limit_says_when_to_come_back():
    fan, _ = courier(LOGIN, Reply("GET", "/reports/awb/tracking", status=429, headers={"Retry-After": "30"},
                                  body={"message": "Too Many Attempts."}))
    with pytest.raises(CourierUnavailable) as caught:
        fan.tracking("2332300120218")
    assert caught.value.retry_after == 30
