"""The notifications routes of the storefront API: inbox, push subscriptions, preferences."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.notifications.models import (
    Notification,
    NotificationPreference,
    PushSubscription,
    SmsMessage,
    SmsPhone,
)
from marketplace.notifications.selectors import notification_preference_rows, notification_quiet_hours
from marketplace.notifications.services import sms_queue
from tests.factories import approved_vendor, customer

from .test_push import Browser, b64

pytestmark = pytest.mark.django_db
API = "/pwa/api/notifications"


@pytest.fixture
def buyer():
    return customer()


@pytest.fixture
def signed_in(client, buyer):
    client.force_login(buyer)
    return client


def subscription_json(browser):
    return {"endpoint": browser.endpoint, "keys": {"p256dh": browser.p256dh, "auth": b64(browser.auth)}}


def test_every_route_needs_a_session(client):
    for method, url, body in [
        ("get", f"{API}/", None), ("post", f"{API}/read", {}), ("get", f"{API}/push/key", None),
        ("post", f"{API}/push/subscriptions", subscription_json(Browser())),
        ("post", f"{API}/push/unsubscribe", {"endpoint": "https://x.example/1"}),
        ("get", f"{API}/preferences", None),
        ("put", f"{API}/preferences", {"push_outbid": False, "push_auction_won": True, "push_price_drop": True}),
    ]:
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated", url
    assert not PushSubscription.objects.exists() and not NotificationPreference.objects.exists()


def test_subscribe_then_unsubscribe(signed_in, buyer):
    browser = Browser()
    response = signed_in.post(f"{API}/push/subscriptions", subscription_json(browser), content_type="application/json")
    assert response.status_code == 201 and response.json() == {"count": 1}
    assert PushSubscription.objects.get().user == buyer
    response = signed_in.post(f"{API}/push/unsubscribe", {"endpoint": browser.endpoint}, content_type="application/json")
    assert response.json() == {"count": 1} and not PushSubscription.objects.exists()


def test_bad_subscriptions_get_field_errors_and_change_nothing(signed_in):
    response = signed_in.post(f"{API}/push/subscriptions", {"endpoint": "http://insecure.example/x",
                              "keys": {"p256dh": "k", "auth": "a"}}, content_type="application/json")
    assert response.status_code == 400 and "endpoint" in response.json()["fields"]
    response = signed_in.post(f"{API}/push/subscriptions", {"endpoint": "https://x.example/1"}, content_type="application/json")
    assert response.status_code == 422 and "keys" in response.json()["fields"]
    assert not PushSubscription.objects.exists()


def test_push_key_tells_whether_push_is_on(signed_in, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    assert signed_in.get(f"{API}/push/key").json() == {"enabled": False, "public_key": ""}
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "BPublic", "private"
    assert signed_in.get(f"{API}/push/key").json() == {"enabled": True, "public_key": "BPublic"}


def test_preferences_default_on_and_can_be_turned_off(signed_in, buyer):
    """The PWA's three push switches still work as they did."""
    switches = ("push_outbid", "push_auction_won", "push_price_drop")
    assert {k: v for k, v in signed_in.get(f"{API}/preferences").json().items() if k in switches} == dict.fromkeys(switches, True)
    body = {"push_outbid": False, "push_auction_won": True, "push_price_drop": False}
    answer = signed_in.put(f"{API}/preferences", body, content_type="application/json").json()
    assert {k: answer[k] for k in switches} == body
    assert NotificationPreference.objects.get(user=buyer).channels["outbid"] == {"push": False}
    bad = signed_in.put(f"{API}/preferences", {"push_outbid": "maybe"}, content_type="application/json")
    assert bad.status_code == 422


def cells(answer) -> dict[str, dict[str, dict]]:
    return {row["kind"]: {cell["channel"]: cell for cell in row["channels"]} for row in answer["kinds"]}


def test_the_whole_matrix_as_the_page_shows_it(signed_in):
    answer = signed_in.get(f"{API}/preferences", HTTP_ACCEPT_LANGUAGE="en").json()
    matrix = cells(answer)
    assert set(matrix) == {row.kind for row in notification_preference_rows(user=None, vendor=False)}
    assert "shop_order" not in matrix  # a shop's kinds only for a vendor
    assert set(matrix["shipment"]) == {"inbox", "push", "email", "sms"}
    assert set(matrix["outbid"]) == {"inbox", "push", "email"}  # no SMS for outbid: not offered, not shown
    assert matrix["order"]["email"] == {"channel": "email", "label": "E-mail", "on": True, "locked": True}
    assert matrix["auction_ending"]["email"]["on"] is False  # off by default
    assert answer["quiet_hours"] is True
    assert answer["quiet_hours_window"] == {"starts": "22:00", "ends": "08:00", "timezone": "Europe/Bucharest",
                                            "channels": ["push", "sms"]}


def test_a_vendor_also_sees_the_shop_kinds(client):
    vendor = approved_vendor()
    client.force_login(vendor.user)
    assert "shop_order" in cells(client.get(f"{API}/preferences").json())


def test_update_some_cells_and_quiet_hours(signed_in, buyer):
    body = {"kinds": {"shipment": {"sms": False, "email": False}, "auction_ending": {"email": True}}, "quiet_hours": False}
    response = signed_in.put(f"{API}/preferences", body, content_type="application/json")
    assert response.status_code == 200
    matrix = cells(response.json())
    assert (matrix["shipment"]["sms"]["on"], matrix["shipment"]["email"]["on"], matrix["shipment"]["push"]["on"]) == (False, False, True)
    assert matrix["auction_ending"]["email"]["on"] is True and response.json()["quiet_hours"] is False
    assert cells(signed_in.get(f"{API}/preferences").json()) == matrix  # saved, and what is left out stayed
    assert notification_quiet_hours(user=buyer) is False
    # the page shows the same: its boxes and its quiet-hours box
    page = signed_in.get("/notifications/preferences/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="shipment:sms" aria-label="Shipment: SMS">' in page and 'name="shipment:email" aria-label="Shipment: E-mail">' in page
    assert 'name="quiet_hours">' in page


def test_turned_off_quiet_hours_let_an_sms_leave_at_night(signed_in, buyer, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    SmsPhone.objects.create(user=buyer, number="+40712345678", confirmed_at=timezone.now())
    night = dt.datetime(2026, 12, 2, 23, 30, tzinfo=ZoneInfo("Europe/Bucharest"))
    with time_machine.travel(night, tick=False):
        held = sms_queue(user=buyer, kind="out_for_delivery", text="x")
        signed_in.put(f"{API}/preferences", {"quiet_hours": False}, content_type="application/json")
        now = sms_queue(user=buyer, kind="out_for_delivery", text="x")
    assert SmsMessage.objects.get(pk=held.pk).send_after is not None  # held for 08:00
    assert SmsMessage.objects.get(pk=now.pk).send_after is None  # leaves now


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"kinds": {"outbid": {"sms": True}}}, "kinds.outbid.sms", "channel_not_offered"),
    ({"kinds": {"order": {"email": False}}}, "kinds.order.email", "channel_locked"),
])
def test_a_cell_the_page_does_not_allow_is_refused_with_422(signed_in, buyer, body, field, code):
    response = signed_in.put(f"{API}/preferences", {**body, "quiet_hours": False}, content_type="application/json")
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == code and set(error["fields"]) == {field} and error["message"]
    assert not NotificationPreference.objects.filter(user=buyer).exists()  # nothing changed, quiet hours neither


def test_other_bad_input_changes_nothing(signed_in, buyer):
    unknown_kind = signed_in.put(f"{API}/preferences", {"kinds": {"horoscope": {"push": True}}}, content_type="application/json")
    assert unknown_kind.status_code == 400 and "kinds.horoscope" in unknown_kind.json()["fields"]
    shop_kind = signed_in.put(f"{API}/preferences", {"kinds": {"shop_order": {"push": False}}}, content_type="application/json")
    assert shop_kind.status_code == 400  # not a vendor: not a kind of theirs
    unknown_channel = signed_in.put(f"{API}/preferences", {"kinds": {"outbid": {"fax": True}}}, content_type="application/json")
    assert unknown_channel.status_code == 422 and unknown_channel.json()["code"]
    not_a_bool = signed_in.put(f"{API}/preferences", {"quiet_hours": "sometimes"}, content_type="application/json")
    assert not_a_bool.status_code == 422
    assert not NotificationPreference.objects.filter(user=buyer).exists()


def test_romanian_labels_and_messages(signed_in):
    answer = signed_in.get(f"{API}/preferences", HTTP_ACCEPT_LANGUAGE="ro").json()
    assert {row["kind"]: row["label"] for row in answer["kinds"]}["outbid"] == "Ofertă depășită"
    refused = signed_in.put(f"{API}/preferences", {"kinds": {"outbid": {"sms": True}}}, content_type="application/json",
                            HTTP_ACCEPT_LANGUAGE="ro").json()
    assert refused["message"] == "Notificările „Ofertă depășită” nu vin prin SMS."
    english = signed_in.put(f"{API}/preferences", {"kinds": {"outbid": {"sms": True}}}, content_type="application/json",
                            HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["message"] == "Outbid notices do not come by SMS."


def test_the_openapi_schema_documents_the_matrix(client):
    schema = client.get("/pwa/api/openapi.json").json()
    route = schema["paths"]["/pwa/api/notifications/preferences"]
    assert {"get", "put"} <= set(route)
    components = schema["components"]["schemas"]
    assert {"kinds", "quiet_hours", "push_outbid"} <= set(components["PreferencesOut"]["properties"])
    assert {"kinds", "quiet_hours", "push_outbid"} <= set(components["PreferencesIn"]["properties"])
    assert set(components["ChannelsIn"]["properties"]) == {"inbox", "push", "email", "sms"}
    assert "422" in route["put"]["responses"]


def test_inbox_shows_only_mine_newest_first_in_constant_queries(signed_in, buyer):
    other = customer()
    Notification.objects.create(user=other, kind="outbid", title="not mine", body="x")

    def fill(n):
        Notification.objects.bulk_create(
            Notification(user=buyer, kind="price_drop", title=f"n{i}", body="b") for i in range(n)
        )

    fill(5)
    with CaptureQueriesContext(connection) as five:
        first = signed_in.get(f"{API}/").json()
    fill(45)
    with CaptureQueriesContext(connection) as fifty:
        second = signed_in.get(f"{API}/").json()
    assert len(five) == len(fifty)
    assert first["unread"] == 5 and len(second["items"]) == 50 and second["unread"] == 50
    assert all(item["title"] != "not mine" for item in second["items"])
    assert second["items"][0]["id"] > second["items"][-1]["id"]
    done = signed_in.post(f"{API}/read", {"ids": [second["items"][0]["id"]]}, content_type="application/json")
    assert done.json() == {"count": 1} and signed_in.get(f"{API}/").json()["unread"] == 49
