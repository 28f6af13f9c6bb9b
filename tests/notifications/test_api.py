"""The notifications routes of the storefront API: inbox, push subscriptions, preferences."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.notifications.models import Notification, NotificationPreference, PushSubscription
from tests.factories import customer

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
    assert signed_in.get(f"{API}/preferences").json() == {"push_outbid": True, "push_auction_won": True, "push_price_drop": True}
    body = {"push_outbid": False, "push_auction_won": True, "push_price_drop": False}
    assert signed_in.put(f"{API}/preferences", body, content_type="application/json").json() == body
    assert NotificationPreference.objects.get(user=buyer).channels["outbid"] == {"push": False}
    bad = signed_in.put(f"{API}/preferences", {"push_outbid": "maybe"}, content_type="application/json")
    assert bad.status_code == 422


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
