"""Sameday adapter against recorded answers (shapes: the official PHP SDK, see recorded/sameday/README.md)."""

from decimal import Decimal

import pytest
import requests

from marketplace.shipping.couriers.base import CourierRefused, CourierUnavailable, Service, TrackingStatus
from marketplace.shipping.couriers.sameday import SamedayCourier

from .player import Reply, awb_request, session_with

HOST = "https://api.sameday.ro"


def courier(*replies):
    session, player = session_with("sameday", list(replies))
    return SamedayCourier("snobistic", "s3cret", HOST, session=session), player


LOGIN = Reply("POST", "/api/authenticate", file="authenticate.json")


def test_create_awb_logs_in_finds_the_account_ids_and_sends_the_documented_fields():
    sameday, player = courier(
        LOGIN,
        Reply("GET", "/api/client/pickup-points", file="pickup_points.json"),
        Reply("GET", "/api/client/services", file="services.json"),
        Reply("POST", "/api/awb", status=201, file="awb_create.json"),
    )
    result = sameday.create_awb(awb_request())

    assert result.awb_number == "1SDY241067423" and result.price == Decimal("17.85")
    login = player.sent[0]
    assert login.headers["X-AUTH-USERNAME"] == "snobistic" and login.headers["X-AUTH-PASSWORD"] == "s3cret"
    sent = player.sent[3]
    assert sent.headers["X-AUTH-TOKEN"] == "8c9d1f0b6a7e4c2d9e3f5a1b7c6d4e2f"
    form = sent.form()
    assert form["pickupPoint"] == "139" and form["contactPerson"] == "145"
    assert form["service"] == "7"  # "24" next-day to the door
    assert form["packageType"] == "0" and form["packageNumber"] == "1" and form["packageWeight"] == "1.20"
    assert form["awbPayment"] == "1" and form["cashOnDelivery"] == "1250.00" and form["insuredValue"] == "1250.00"
    # collected from the vendor's address, not the account's pickup point
    assert form["thirdPartyPickup"] == "1" and form["thirdParty[name]"] == "Atelier Ioana SRL"
    assert form["thirdParty[cityString]"] == "Bucuresti" and form["thirdParty[address]"] == "Str. Episcopiei 6"
    assert "lockerLastMile" not in form
    assert form["awbRecipient[name]"] == "Maria Popescu" and form["awbRecipient[phoneNumber]"] == "0744123456"
    assert form["awbRecipient[cityString]"] == "Cluj-Napoca" and form["awbRecipient[countyString]"] == "Cluj"
    assert form["awbRecipient[address]"] == "Str. Memorandumului 21, ap. 4"
    assert form["awbRecipient[email]"] == "maria@example.ro" and form["awbRecipient[postalCode]"] == "400114"
    assert form["parcels[0][weight]"] == "1.20" and form["parcels[0][length]"] == "40"
    assert form["clientInternalReference"] == "SHP-000042"
    assert player.done


def test_easybox_delivery_uses_the_locker_service_and_the_locker_id():
    sameday, player = courier(
        LOGIN,
        Reply("GET", "/api/client/pickup-points", file="pickup_points.json"),
        Reply("GET", "/api/client/services", file="services.json"),
        Reply("POST", "/api/awb", status=201, file="awb_create.json"),
    )
    sameday.create_awb(awb_request(service=Service.LOCKER, locker_id="1001"))
    form = player.sent[3].form()
    assert form["service"] == "15" and form["lockerLastMile"] == "1001"


def test_the_token_and_account_ids_are_cached_between_calls():
    sameday, player = courier(
        LOGIN,
        Reply("GET", "/api/client/pickup-points", file="pickup_points.json"),
        Reply("GET", "/api/client/services", file="services.json"),
        Reply("POST", "/api/awb", status=201, file="awb_create.json"),
    )
    sameday.create_awb(awb_request())
    again, second = courier(Reply("POST", "/api/awb", status=201, file="awb_create.json"))
    again.create_awb(awb_request())
    assert second.done and len(second.sent) == 1


def test_label_pdf():
    sameday, player = courier(LOGIN, Reply("GET", "/api/awb/download/1SDY241067423/A6", file="label.pdf"))
    assert sameday.label_pdf("1SDY241067423").startswith(b"%PDF")


def test_a_label_that_is_not_a_pdf_is_not_passed_on():
    sameday, _ = courier(LOGIN, Reply("GET", "/api/awb/download/1SDY241067423/A6", body="<html>maintenance</html>"))
    with pytest.raises(CourierUnavailable):
        sameday.label_pdf("1SDY241067423")


def test_tracking_maps_statuses_oldest_first():
    sameday, _ = courier(LOGIN, Reply("GET", "/api/client/awb/1SDY241067423/status", file="awb_status.json"))
    events = sameday.tracking("1SDY241067423")
    assert [e.status for e in events] == [
        TrackingStatus.CREATED, TrackingStatus.PICKED_UP, TrackingStatus.IN_TRANSIT,
        TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED,
    ]
    assert events[-1].at.isoformat() == "2026-11-27T12:37:28+02:00" and events[-1].courier_code == "9"
    assert events[2].location == "Hub Bucuresti"


def test_easybox_lockers():
    sameday, player = courier(LOGIN, Reply("GET", "/api/client/lockers", file="lockers.json"))
    lockers = sameday.lockers()
    assert [(x.id, x.city, x.postal_code) for x in lockers] == [("1001", "Sectorul 4", "041337"), ("2001", "Filiasi", "205300")]
    assert lockers[0].latitude == 44.384394 and lockers[0].name.startswith("easybox")
    assert player.sent[1].query["countPerPage"] == ["500"]


def test_cancel():
    sameday, player = courier(LOGIN, Reply("DELETE", "/api/awb/1SDY241067423", status=204))
    sameday.cancel_awb("1SDY241067423")
    assert player.done


def test_an_expired_token_is_replaced_once_on_401():
    sameday, player = courier(
        LOGIN,
        Reply("DELETE", "/api/awb/1SDY241067423", status=401, body={"code": 401, "message": "Invalid token"}),
        Reply("POST", "/api/authenticate", body={"token": "fresh-token", "expire_at": "2026-12-02 10:00"}),
        Reply("DELETE", "/api/awb/1SDY241067423", status=204),
    )
    sameday.cancel_awb("1SDY241067423")
    assert player.sent[3].headers["X-AUTH-TOKEN"] == "fresh-token" and player.done


def test_bad_credentials_are_refused():
    sameday, _ = courier(Reply("POST", "/api/authenticate", status=401, body={"code": 401, "message": "Bad credentials"}))
    with pytest.raises(CourierRefused, match="Bad credentials"):
        sameday.cancel_awb("1SDY241067423")


def test_a_validation_error_carries_sameday_s_message():
    sameday, _ = courier(
        LOGIN,
        Reply("GET", "/api/client/pickup-points", file="pickup_points.json"),
        Reply("GET", "/api/client/services", file="services.json"),
        Reply("POST", "/api/awb", status=400, file="validation_error.json"),
    )
    with pytest.raises(CourierRefused, match=r"Validation Failed; awbRecipient\.cityString: Invalid city\.") as caught:
        sameday.create_awb(awb_request())
    assert not caught.value.retryable


def test_a_server_error_is_retryable():
    sameday, _ = courier(LOGIN, Reply("GET", "/api/client/awb/X/status", status=500, body={"code": 500, "message": "Internal"}))
    with pytest.raises(CourierUnavailable) as caught:
        sameday.tracking("X")
    assert caught.value.retryable


def test_a_timeout_is_retryable():
    sameday, _ = courier(LOGIN, Reply("GET", "/api/client/awb/X/status", raises=requests.ReadTimeout("read timed out")))
    with pytest.raises(CourierUnavailable):
        sameday.tracking("X")


def test_a_rate_limit_says_when_to_come_back():
    sameday, _ = courier(LOGIN, Reply("GET", "/api/client/lockers", status=429, headers={"Retry-After": "120"}, body=""))
    with pytest.raises(CourierUnavailable) as caught:
        sameday.lockers()
    assert caught.value.retry_after == 120


def test_the_status_feed_reads_every_change_in_windows_of_two_hours_page_by_page():
    from datetime import datetime, timedelta

    from marketplace.shipping.couriers._http import BUCHAREST

    since = datetime(2026, 11, 27, 9, 0, tzinfo=BUCHAREST)
    sameday, player = courier(
        LOGIN,
        Reply("GET", "/api/client/status-sync", file="status_sync_page1.json"),
        Reply("GET", "/api/client/status-sync", file="status_sync_page2.json"),
        Reply("GET", "/api/client/status-sync", file="status_sync_empty.json"),
    )
    changes = sameday.status_changes(since, since + timedelta(hours=3))
    assert player.done
    first, second, third = (s.query for s in player.sent[1:])
    start = int(since.timestamp())
    # Sameday: "the difference between starting and ending timestamps cannot be bigger than 7200"
    assert (first["startTimestamp"], first["endTimestamp"], first["page"]) == ([str(start)], [str(start + 7200)], ["1"])
    assert (second["startTimestamp"], second["page"]) == ([str(start)], ["2"])
    assert (third["startTimestamp"], third["endTimestamp"], third["page"]) == ([str(start + 7200)], [str(start + 10800)], ["1"])
    assert player.sent[1].headers["X-AUTH-TOKEN"] == "8c9d1f0b6a7e4c2d9e3f5a1b7c6d4e2f"
    # The parcel number (AWB + 001) is read back as the AWB; statuses as the per-AWB tracking maps them
    assert [awb for awb, _e in changes] == ["1SDY241067423"] * 3
    assert [e.status for _a, e in changes] == [TrackingStatus.PICKED_UP, TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED]
    assert changes[-1][1].at.isoformat() == "2026-11-27T12:37:28+02:00" and changes[-1][1].location == "Cluj-Napoca"


def test_a_status_feed_the_courier_cannot_serve_is_retryable():
    from datetime import datetime, timedelta

    from marketplace.shipping.couriers._http import BUCHAREST

    since = datetime(2026, 11, 27, 9, 0, tzinfo=BUCHAREST)
    sameday, _ = courier(LOGIN, Reply("GET", "/api/client/status-sync", status=503, body={"code": 503, "message": "Down"}))
    with pytest.raises(CourierUnavailable):
        sameday.status_changes(since, since + timedelta(minutes=30))
