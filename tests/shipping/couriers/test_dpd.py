"""DPD Romania adapter against recorded answers (shapes: see recorded/dpd/README.md)."""

from decimal import Decimal

import pytest
import requests

from marketplace.shipping.couriers.base import CourierRefused, CourierUnavailable, Service, TrackingStatus
from marketplace.shipping.couriers.dpd import DpdCourier

from .player import Reply, awb_request, session_with


def courier(*replies):
    session, player = session_with("dpd", list(replies))
    return DpdCourier("snobistic", "s3cret", session=session), player


def test_create_awb_sends_the_documented_shipment():
    dpd, player = courier(Reply("POST", "/v1/shipment", file="shipment_create.json"))
    result = dpd.create_awb(awb_request())

    assert result.awb_number == "80912345678" and result.price == Decimal("22.02")
    body = player.sent[0].json()
    assert body["userName"] == "snobistic" and body["password"] == "s3cret"
    assert body["service"]["serviceId"] == 2505
    assert body["service"]["additionalServices"]["cod"] == {"amount": 1250.0, "currencyCode": "RON", "processingType": "CASH"}
    assert body["service"]["additionalServices"]["declaredValue"] == {"amount": 1250.0}
    recipient = body["recipient"]
    assert recipient["clientName"] == "Maria Popescu" and recipient["phone1"] == {"number": "0744123456"}
    assert recipient["privatePerson"] is True
    assert recipient["address"] == {"countryId": 642, "siteName": "Cluj-Napoca", "postCode": "400114",
                                    "addressNote": "Str. Memorandumului 21, ap. 4"}
    sender = body["sender"]  # collected from the vendor
    assert sender["clientName"] == "Atelier Ioana SRL" and sender["contactName"] == "Ioana Marin"
    assert sender["privatePerson"] is False and sender["address"]["siteName"] == "Bucuresti"
    content = body["content"]
    assert content["parcelsCount"] == 1 and content["totalWeight"] == 1.2
    assert content["parcels"][0]["size"] == {"width": 30, "depth": 40, "height": 15}
    assert body["payment"] == {"courierServicePayer": "SENDER"} and body["ref1"] == "SHP-000042"


def test_dpdbox_delivery_uses_the_office_id():
    dpd, player = courier(Reply("POST", "/v1/shipment", file="shipment_create.json"))
    dpd.create_awb(awb_request(service=Service.LOCKER, locker_id="3601", cod_amount=Decimal("0")))
    body = player.sent[0].json()
    assert body["recipient"]["pickupOfficeId"] == 3601 and "address" not in body["recipient"]
    assert "cod" not in body["service"]["additionalServices"]


def test_a_refusal_in_a_200_answer_carries_dpd_s_message():
    dpd, _ = courier(Reply("POST", "/v1/shipment", file="shipment_error.json"))
    with pytest.raises(CourierRefused, match="Site not found: Cluj-Napocaa") as caught:
        dpd.create_awb(awb_request())
    assert not caught.value.retryable


def test_wrong_credentials_are_refused():
    dpd, _ = courier(Reply("POST", "/v1/track", file="auth_error.json"))
    with pytest.raises(CourierRefused, match="Invalid username or password"):
        dpd.tracking("80912345678")


def test_label_pdf():
    dpd, player = courier(Reply("POST", "/v1/print", file="label.pdf"))
    assert dpd.label_pdf("80912345678").startswith(b"%PDF")
    body = player.sent[0].json()
    assert body["paperSize"] == "A6" and body["parcels"] == [{"parcel": {"id": "80912345678"}}]


def test_tracking_maps_operation_codes():
    dpd, player = courier(Reply("POST", "/v1/track", file="track.json"))
    events = dpd.tracking("80912345678")
    assert [e.status for e in events] == [
        TrackingStatus.CREATED, TrackingStatus.PICKED_UP, TrackingStatus.IN_TRANSIT, TrackingStatus.OUT_FOR_DELIVERY,
        TrackingStatus.FAILED_DELIVERY, TrackingStatus.DELIVERED,
    ]
    assert events[-1].courier_code == "-14" and events[-1].at.isoformat() == "2026-11-28T10:15:00+02:00"
    assert player.sent[0].json()["parcels"] == [{"id": "80912345678"}]


def test_lockers_and_offices():
    dpd, player = courier(Reply("POST", "/v1/location/office", file="offices.json"))
    lockers = dpd.lockers()
    assert [(x.id, x.city, x.postal_code) for x in lockers] == [("3601", "CLUJ-NAPOCA", "400436"), ("1010", "BUCURESTI", "030823")]
    assert lockers[0].address == "ALEXANDRU VAIDA VOEVOD No 53B" and lockers[0].latitude == 46.7716
    assert player.sent[0].json()["countryId"] == 642


def test_cancel():
    dpd, player = courier(Reply("POST", "/v1/shipment/cancel", file="cancel.json"))
    dpd.cancel_awb("80912345678")
    assert player.sent[0].json()["shipmentId"] == "80912345678"


def test_cancel_refused_after_pickup():
    dpd, _ = courier(Reply("POST", "/v1/shipment/cancel", file="cancel_error.json"))
    with pytest.raises(CourierRefused, match="already been picked up"):
        dpd.cancel_awb("80912345678")


def test_every_call_carries_the_credentials_there_is_no_token_to_refresh():
    dpd, player = courier(Reply("POST", "/v1/track", file="track.json"), Reply("POST", "/v1/shipment/cancel", file="cancel.json"))
    dpd.tracking("80912345678")
    dpd.cancel_awb("80912345678")
    assert all(s.json()["userName"] == "snobistic" and "Authorization" not in s.headers for s in player.sent)


def test_a_server_error_is_retryable():
    dpd, _ = courier(Reply("POST", "/v1/shipment", status=500, body="Internal Server Error"))
    with pytest.raises(CourierUnavailable) as caught:
        dpd.create_awb(awb_request())
    assert caught.value.retryable


def test_a_timeout_is_retryable():
    dpd, _ = courier(Reply("POST", "/v1/print", raises=requests.ReadTimeout("read timed out")))
    with pytest.raises(CourierUnavailable):
        dpd.label_pdf("80912345678")


def test_a_connection_error_is_retryable():
    dpd, _ = courier(Reply("POST", "/v1/print", raises=requests.ConnectionError("Name or service not known")))
    with pytest.raises(CourierUnavailable):
        dpd.label_pdf("80912345678")


def test_a_rate_limit_says_when_to_come_back():
    dpd, _ = courier(Reply("POST", "/v1/track", status=429, headers={"Retry-After": "Tue, 01 Dec 2026 03:00:05 GMT"}, body=""))
    with pytest.raises(CourierUnavailable) as caught:
        dpd.tracking("80912345678")
    assert caught.value.retry_after is not None and caught.value.retry_after >= 0


def test_a_contract_address_can_be_the_sender_instead():
    session, player = session_with("dpd", [Reply("POST", "/v1/shipment", file="shipment_create.json")])
    DpdCourier("snobistic", "s3cret", session=session, sender_client_id=1234567890).create_awb(awb_request())
    sender = player.sent[0].json()["sender"]
    assert sender["clientId"] == 1234567890 and "address" not in sender
