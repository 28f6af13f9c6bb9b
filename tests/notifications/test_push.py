"""Notifications: the in-app inbox, preferences, and Web Push delivery (encrypted, VAPID-signed)."""

import base64
import json
import os

import http_ece
import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ValidationError
from requests.structures import CaseInsensitiveDict

from marketplace.notifications.models import Notification, PushSubscription
from marketplace.notifications.services import (
    notification_create,
    notification_preferences_update,
    notifications_mark_read,
    push_subscription_delete,
    push_subscription_save,
)
from marketplace.notifications.tasks import push_notification
from tests.factories import customer

pytestmark = pytest.mark.django_db


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Browser:
    """A browser's side of a push subscription: its key pair and auth secret (RFC 8291)."""

    def __init__(self, endpoint="https://fcm.googleapis.com/fcm/send/dGVzdC1lbmRwb2ludA:APA91b"):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint
        point = self.key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.p256dh = b64(point)

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


class RecordedPushService:
    """Answers like a push service does (recorded answers of FCM and Mozilla autopush)."""

    def __init__(self, status=201, reason="Created", body=b""):
        self.status, self.reason, self.body, self.requests = status, reason, body, []

    def post(self, url, data=None, headers=None, timeout=None, **kwargs):
        self.requests.append({"url": url, "data": data, "headers": headers})
        response = requests.models.Response()
        response.status_code, response.reason, response._content = self.status, self.reason, self.body
        response.headers = CaseInsensitiveDict({"Content-Length": str(len(self.body))})
        response.url = url
        return response


@pytest.fixture
def vapid(settings):
    key = ec.generate_private_key(ec.SECP256R1())
    settings.VAPID_PRIVATE_KEY = b64(key.private_numbers().private_value.to_bytes(32, "big"))
    settings.VAPID_PUBLIC_KEY = b64(key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))
    settings.VAPID_SUBJECT = "mailto:suport@snobistic.ro"
    return key


def subscribe(user, browser):
    return push_subscription_save(user=user, endpoint=browser.endpoint, p256dh=browser.p256dh, auth=browser.auth and b64(browser.auth))


def test_a_push_reaches_the_browser_encrypted_and_signed(vapid, django_capture_on_commit_callbacks):
    buyer, browser = customer(), Browser()
    subscribe(buyer, browser)
    service = RecordedPushService()
    with django_capture_on_commit_callbacks(execute=False):
        note = notification_create(user=buyer, kind="outbid", title="Ați fost depășit", body="Oferta curentă: 1.250 lei", url="/auctions/7/")
    report = push_notification(note.pk, session=service)
    assert report == {"sent": 1, "gone": 0, "failed": 0}
    sent = service.requests[0]
    assert sent["url"] == browser.endpoint
    # only the browser can read it
    assert b"1.250" not in sent["data"]
    payload = browser.decrypt(sent["data"])
    assert payload["title"] == "Ați fost depășit" and payload["url"] == "/auctions/7/"
    # the VAPID signature holds against our public key, for this push service
    scheme, _, params = sent["headers"]["Authorization"].partition(" ")
    token = dict(p.strip().split("=", 1) for p in params.split(","))["t"]
    public_pem = vapid.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    claims = jwt.decode(token, public_pem, algorithms=["ES256"], audience="https://fcm.googleapis.com")
    assert scheme == "vapid" and claims["sub"] == "mailto:suport@snobistic.ro"
    assert Notification.objects.get(pk=note.pk).pushed_at is not None
    # run again (a retried job): nothing is sent twice
    assert push_notification(note.pk, session=service)["sent"] == 0 and len(service.requests) == 1


def test_a_subscription_the_browser_dropped_is_forgotten(vapid):
    buyer = customer()
    subscribe(buyer, Browser())
    gone = RecordedPushService(410, "Gone", b'{"code": 410, "errno": 106, "error": "Gone", "message": "Request did not validate invalid token"}')
    note = Notification.objects.create(user=buyer, kind="outbid", title="t", body="b")
    assert push_notification(note.pk, session=gone) == {"sent": 0, "gone": 1, "failed": 0}
    assert not PushSubscription.objects.exists()


def test_a_failing_push_service_is_counted_not_fatal(vapid):
    buyer = customer()
    subscription = subscribe(buyer, Browser())
    busy = RecordedPushService(503, "Service Unavailable", b"")
    note = Notification.objects.create(user=buyer, kind="price_drop", title="t", body="b")
    assert push_notification(note.pk, session=busy) == {"sent": 0, "gone": 0, "failed": 1}
    subscription.refresh_from_db()
    assert subscription.failures == 1 and Notification.objects.get(pk=note.pk).pushed_at is None


def test_without_vapid_keys_the_notification_waits_in_the_inbox(settings, django_capture_on_commit_callbacks):
    settings.VAPID_PRIVATE_KEY = settings.VAPID_PUBLIC_KEY = ""
    buyer = customer()
    subscribe(buyer, Browser())
    service = RecordedPushService()
    with django_capture_on_commit_callbacks(execute=True):
        note = notification_create(user=buyer, kind="auction_won", title="Ați câștigat", body="Plătiți în 48 de ore.")
    assert push_notification(note.pk, session=service)["sent"] == 0 and service.requests == []
    assert Notification.objects.filter(user=buyer, read_at__isnull=True).count() == 1
    assert notifications_mark_read(user=buyer) == 1


def test_a_buyer_who_turned_a_kind_off_gets_no_push_for_it(vapid, django_capture_on_commit_callbacks):
    buyer = customer()
    subscribe(buyer, Browser())
    notification_preferences_update(user=buyer, push_outbid=False)
    with django_capture_on_commit_callbacks() as callbacks:
        notification_create(user=buyer, kind="outbid", title="t", body="b")
    assert callbacks == []  # kept in the inbox, no push job
    with django_capture_on_commit_callbacks() as callbacks:
        notification_create(user=buyer, kind="price_drop", title="t", body="b")
    assert len(callbacks) == 1
    with pytest.raises(ValidationError):
        notification_preferences_update(user=buyer, push_everything=False)


def test_bad_subscriptions_are_refused_and_unsubscribe_is_per_user():
    buyer, other = customer(), customer()
    with pytest.raises(ValidationError) as error:
        push_subscription_save(user=buyer, endpoint="http://insecure.example/x", p256dh="", auth="")
    assert set(error.value.message_dict) == {"endpoint", "p256dh", "auth"}
    browser = Browser()
    subscribe(buyer, browser)
    assert push_subscription_delete(user=other, endpoint=browser.endpoint) == 0
    assert push_subscription_delete(user=buyer, endpoint=browser.endpoint) == 1
