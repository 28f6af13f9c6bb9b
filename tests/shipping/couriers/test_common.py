"""What the four adapters share: credentials from settings, Retry-After, status words, PHP form encoding."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from marketplace.shipping.couriers._http import local_datetime, php_form, retry_after_seconds, status_from_words
from marketplace.shipping.couriers.base import CourierUnavailable, TrackingStatus
from marketplace.shipping.couriers.cargus import CargusCourier
from marketplace.shipping.couriers.dpd import DpdCourier
from marketplace.shipping.couriers.fancourier import FanCourier
from marketplace.shipping.couriers.sameday import SANDBOX_URL, SamedayCourier

from .player import Reply, session_with


def test_built_with_no_arguments_each_adapter_reads_its_settings(settings):
    settings.SAMEDAY_USERNAME, settings.SAMEDAY_PASSWORD, settings.SAMEDAY_API_URL = "sd-user", "sd-pass", SANDBOX_URL
    settings.FANCOURIER_CLIENT_ID, settings.FANCOURIER_USERNAME, settings.FANCOURIER_PASSWORD = "7032158", "fan-user", "fan-pass"
    settings.CARGUS_SUBSCRIPTION_KEY, settings.CARGUS_USERNAME, settings.CARGUS_PASSWORD = "key", "cg-user", "cg-pass"
    settings.DPD_USERNAME, settings.DPD_PASSWORD = "dpd-user", "dpd-pass"

    sameday, fan, cargus, dpd = SamedayCourier(), FanCourier(), CargusCourier(), DpdCourier()
    assert (sameday.username, sameday.password, sameday.base_url) == ("sd-user", "sd-pass", SANDBOX_URL)
    assert (fan.client_id, fan.username, fan.password) == ("7032158", "fan-user", "fan-pass")
    assert (cargus.subscription_key, cargus.username, cargus.password) == ("key", "cg-user", "cg-pass")
    assert (dpd.username, dpd.password) == ("dpd-user", "dpd-pass")
    assert [c.code for c in (sameday, fan, cargus, dpd)] == ["sameday", "fancourier", "cargus", "dpd"]
    assert all("=123" in c.tracking_url("123") for c in (sameday, fan, cargus, dpd))


def _response(retry_after: str) -> requests.Response:
    response = requests.Response()
    response.headers["Retry-After"] = retry_after
    return response


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds(_response("90")) == 90
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=2), usegmt=True)
    assert 100 < retry_after_seconds(_response(later)) <= 120
    assert retry_after_seconds(_response("soon")) is None
    assert retry_after_seconds(requests.Response()) is None


@pytest.mark.parametrize(("text", "status"), [
    ("Livrat", TrackingStatus.DELIVERED),
    ("Colet nelivrat - destinatar absent", TrackingStatus.FAILED_DELIVERY),
    ("Expediție returnată la expeditor", TrackingStatus.RETURNED),
    ("AWB anulat", TrackingStatus.CANCELLED),
    ("Curier în livrare", TrackingStatus.OUT_FOR_DELIVERY),
    ("Expediție ridicată", TrackingStatus.PICKED_UP),
    ("Iesire din hub", TrackingStatus.IN_TRANSIT),
    ("AWB Emis", TrackingStatus.CREATED),
    ("Something new", TrackingStatus.IN_TRANSIT),  # unknown words never complete an order
])
def test_status_words(text, status):
    assert status_from_words(text) == status


def test_courier_times_without_an_offset_are_bucharest_time():
    assert local_datetime("2026-07-01 10:00:00").isoformat() == "2026-07-01T10:00:00+03:00"
    assert local_datetime("2026-11-27T12:37:28+0200").isoformat() == "2026-11-27T12:37:28+02:00"
    assert local_datetime("") is None and local_datetime("yesterday") is None


def test_php_form_encoding():
    assert php_form({"a": 1, "b": {"c": "x", "d": None}, "e": [{"f": True}], "g": False}) == [
        ("a", "1"), ("b[c]", "x"), ("e[0][f]", "1"), ("g", "0"),
    ]


def test_a_gateway_timeout_answer_is_retryable():
    session, _ = session_with("dpd", [Reply("POST", "/v1/track", status=408, body="Request Timeout")])
    with pytest.raises(CourierUnavailable):
        DpdCourier("u", "p", session=session).tracking("80912345678")
