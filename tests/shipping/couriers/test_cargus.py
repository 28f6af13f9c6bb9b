"""Cargus UrgentOnline adapter against recorded answers (shapes: see recorded/cargus/README.md)."""

from decimal import Decimal

import pytest
import requests

from marketplace.shipping.couriers.base import CourierRefused, CourierUnavailable, Service, TrackingStatus
from marketplace.shipping.couriers.cargus import CargusCourier

from .player import Reply, awb_request, session_with

LOGIN = Reply("POST", "/LoginUser", file="login.json")
TOKEN = "Ej7sH0f7qQm2yJk4c2u8bT1rX9wP5zL3nV6aD0gK"
KEY = "0123456789abcdef0123456789abcdef"


def courier(*replies):
    session, player = session_with("cargus", list(replies))
    return CargusCourier(KEY, "snobistic", "s3cret", session=session), player


def test_create_awb_sends_the_documented_fields():
    cargus, player = courier(LOGIN, Reply("POST", "/Awbs", file="awb_create.json"))
    result = cargus.create_awb(awb_request())

    assert result.awb_number == "1093748239"
    login = player.sent[0]
    assert login.headers["Ocp-Apim-Subscription-Key"] == KEY and login.json() == {"UserName": "snobistic", "Password": "s3cret"}
    sent = player.sent[1]
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}" and sent.headers["Ocp-Apim-Subscription-Key"] == KEY
    body = sent.json()
    # collected from the vendor's address
    assert body["Sender"]["Name"] == "Atelier Ioana SRL" and body["Sender"]["LocalityName"] == "Bucuresti"
    assert body["Sender"]["AddressText"] == "Str. Episcopiei 6" and body["Sender"]["ContactPerson"] == "Ioana Marin"
    assert body["ServiceId"] == 34 and body["Parcels"] == 1 and body["Envelopes"] == 0 and body["TotalWeight"] == 2
    assert body["BankRepayment"] == 1250.0 and body["CashRepayment"] == 0 and body["DeclaredValue"] == 1250.0
    assert body["ShipmentPayer"] == 1 and body["CustomString"] == "SHP-000042"
    recipient = body["Recipient"]
    assert recipient["Name"] == "Maria Popescu" and recipient["PhoneNumber"] == "0744123456"
    assert recipient["CountyName"] == "Cluj" and recipient["LocalityName"] == "Cluj-Napoca"
    assert recipient["AddressText"] == "Str. Memorandumului 21, ap. 4" and recipient["CodPostal"] == "400114"
    assert body["ParcelCodes"][0]["Length"] == 40 and body["ParcelCodes"][0]["Weight"] == 2
    assert "DeliveryPudoPoint" not in body


def test_ship_and_go_delivery():
    cargus, player = courier(LOGIN, Reply("POST", "/Awbs", file="awb_create.json"))
    cargus.create_awb(awb_request(service=Service.LOCKER, locker_id="201789"))
    body = player.sent[1].json()
    assert body["ServiceId"] == 38 and body["DeliveryPudoPoint"] == 201789


def test_a_configured_pickup_location_of_the_account_is_used_instead_of_the_address():
    session, player = session_with("cargus", [LOGIN, Reply("POST", "/Awbs", file="awb_create.json")])
    cargus = CargusCourier(KEY, "snobistic", "s3cret", session=session, pickup_location_id=201456789)
    cargus.create_awb(awb_request(cod_amount=Decimal("0")))
    assert player.sent[1].json()["Sender"] == {"LocationId": 201456789}


def test_a_refused_awb_carries_cargus_s_message():
    cargus, _ = courier(LOGIN, Reply("POST", "/Awbs", status=400, file="awb_refused.json"))
    with pytest.raises(CourierRefused, match="Localitatea destinatarului nu a fost gasita") as caught:
        cargus.create_awb(awb_request())
    assert not caught.value.retryable


def test_label_pdf_is_decoded_from_base64():
    cargus, player = courier(LOGIN, Reply("GET", "/AwbDocuments", file="label_base64.json"))
    assert cargus.label_pdf("1093748239").startswith(b"%PDF")
    assert player.sent[1].query["barCodes"] == ["[1093748239]"] and player.sent[1].query["type"] == ["PDF"]


def test_tracking_maps_events():
    cargus, player = courier(LOGIN, Reply("GET", "/AwbTrace", file="awb_trace.json"))
    events = cargus.tracking("1093748239")
    assert [e.status for e in events] == [
        TrackingStatus.PICKED_UP, TrackingStatus.IN_TRANSIT, TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED,
    ]
    assert events[-1].at.isoformat() == "2026-11-27T12:30:00+02:00" and events[-1].courier_code == "21"


def test_ship_and_go_lockers():
    cargus, _ = courier(LOGIN, Reply("GET", "/PudoPoints", file="pudo_points.json"))
    lockers = cargus.lockers()
    assert [(x.id, x.city, x.postal_code) for x in lockers] == [("201789", "Cluj-Napoca", "400436"), ("201790", "Bucuresti", "030823")]
    assert lockers[0].address == "Str. Alexandru Vaida Voevod 53B" and lockers[0].longitude == 23.6255


def test_cancel():
    cargus, player = courier(LOGIN, Reply("DELETE", "/Awbs", file="delete_true.json"))
    cargus.cancel_awb("1093748239")
    assert player.sent[1].query["barCode"] == ["1093748239"]


def test_cancel_refused_once_the_courier_has_the_parcel():
    cargus, _ = courier(LOGIN, Reply("DELETE", "/Awbs", file="delete_false.json"))
    with pytest.raises(CourierRefused):
        cargus.cancel_awb("1093748239")


def test_an_expired_token_is_replaced_once_on_401():
    cargus, player = courier(
        LOGIN,
        Reply("DELETE", "/Awbs", status=401, file="token_expired.json"),
        Reply("POST", "/LoginUser", body="FreshToken0123456789abcdef"),
        Reply("DELETE", "/Awbs", file="delete_true.json"),
    )
    cargus.cancel_awb("1093748239")
    assert player.sent[3].headers["Authorization"] == "Bearer FreshToken0123456789abcdef" and player.done


def test_a_bad_subscription_key_is_refused_not_retried_forever():
    cargus, player = courier(
        LOGIN,
        Reply("GET", "/PudoPoints", status=401, file="bad_key.json"),
        LOGIN,
        Reply("GET", "/PudoPoints", status=401, file="bad_key.json"),
    )
    with pytest.raises(CourierRefused, match="autentificare"):
        cargus.lockers()
    assert player.done


def test_a_server_error_is_retryable():
    cargus, _ = courier(LOGIN, Reply("GET", "/AwbTrace", status=503, body=""))
    with pytest.raises(CourierUnavailable) as caught:
        cargus.tracking("1093748239")
    assert caught.value.retryable


def test_a_timeout_is_retryable():
    cargus, _ = courier(LOGIN, Reply("GET", "/AwbTrace", raises=requests.ReadTimeout("read timed out")))
    with pytest.raises(CourierUnavailable):
        cargus.tracking("1093748239")


def test_a_rate_limit_says_when_to_come_back():
    cargus, _ = courier(LOGIN, Reply("GET", "/PudoPoints", status=429, headers={"Retry-After": "45"},
                                     body={"statusCode": 429, "message": "Rate limit is exceeded. Try again in 45 seconds."}))
    with pytest.raises(CourierUnavailable) as caught:
        cargus.lockers()
    assert caught.value.retry_after == 45
