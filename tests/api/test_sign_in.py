"""users/register, users/login and users/two_factor: tokens only after the second factor for those who have
one (staff and vendors always), challenges that expire and work once, tokens that can be revoked."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from rest_framework.throttling import SimpleRateThrottle

from marketplace.accounts.models import ApiToken, User
from tests.factories import PASSWORD, approved_vendor, customer, shop_manager

from .conftest import bearer

pytestmark = pytest.mark.django_db


def second_factor(user, code="12345678"):
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token=code)
    return code


def test_a_buyer_without_a_second_factor_gets_a_token_that_opens_their_account(api):
    buyer = customer()
    response = api.post("/api/users/login/", {"email": buyer.email, "password": PASSWORD, "token_name": "telefon"}, format="json")
    assert response.status_code == 201
    secret = response.json()["token"]
    token = ApiToken.objects.get()
    assert secret.startswith("snb_") and token.key_hash != secret and token.name == "telefon"  # only a hash is kept
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/users/me/").json()["email"] == buyer.email


def test_a_wrong_password_is_a_401_in_the_one_error_shape(api):
    buyer = customer()
    response = api.post("/api/users/login/", {"email": buyer.email, "password": "nope-nope-nope"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials" and set(response.json()) == {"code", "message", "fields"}
    assert not ApiToken.objects.exists()


def test_bad_input_is_a_400_naming_the_fields(api):
    response = api.post("/api/users/login/", {"email": "not-an-address"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input" and {"email", "password"} <= set(body["fields"])


def test_a_vendor_must_pass_the_second_factor_and_a_challenge_works_once(api):
    vendor = approved_vendor()
    code = second_factor(vendor.user)
    response = api.post("/api/users/login/", {"email": vendor.user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 202 and response.json()["code"] == "two_factor_required"
    assert not ApiToken.objects.exists()
    challenge = response.json()["challenge"]

    wrong = api.post("/api/users/two_factor/", {"challenge": challenge, "code": "00000000"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_code" and "code" in wrong.json()["fields"]
    assert api.post("/api/users/two_factor/", {"challenge": challenge + "x", "code": code}, format="json").status_code == 401
    StaticDevice.objects.update(throttling_failure_count=0)  # django-otp slows retries after a wrong code; time passes

    ok = api.post("/api/users/two_factor/", {"challenge": challenge, "code": code}, format="json")
    assert ok.status_code == 201 and ok.json()["user"]["email"] == vendor.user.email
    again_code = second_factor(vendor.user, code="87654321")
    replay = api.post("/api/users/two_factor/", {"challenge": challenge, "code": again_code}, format="json")
    assert replay.status_code == 401 and replay.json()["code"] == "challenge_invalid"
    assert ApiToken.objects.count() == 1


def test_a_challenge_expires(api):
    staff = shop_manager()
    code = second_factor(staff)
    with time_machine.travel("2026-12-01 10:00:00+00:00", tick=False):
        challenge = api.post("/api/users/login/", {"email": staff.email, "password": PASSWORD}, format="json").json()["challenge"]
    with time_machine.travel("2026-12-01 10:05:01+00:00", tick=False):
        late = api.post("/api/users/two_factor/", {"challenge": challenge, "code": code}, format="json")
    assert late.status_code == 401 and late.json()["code"] == "challenge_expired"


def test_staff_and_vendors_without_a_second_factor_are_sent_to_set_one_up(api):
    for user in (shop_manager(), approved_vendor().user):
        response = api.post("/api/users/login/", {"email": user.email, "password": PASSWORD}, format="json")
        assert response.status_code == 403 and response.json()["code"] == "two_factor_enrolment_required"


def test_a_revoked_or_expired_token_opens_nothing(api):
    buyer = customer()
    client = bearer(buyer)
    token = ApiToken.objects.get()
    assert client.get("/api/users/me/").status_code == 200
    listed = client.get("/api/users/tokens/").json()
    assert [t["id"] for t in listed] == [token.pk] and listed[0]["prefix"].startswith("snb_")
    assert client.post(f"/api/users/tokens/{token.pk}/revoke/").status_code == 200
    refused = client.get("/api/users/me/")
    assert refused.status_code == 401 and refused.json()["code"] == "authentication_failed"
    fresh = bearer(buyer)
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=token.created_at - timedelta(days=1))
    assert fresh.get("/api/users/me/").status_code == 401


def test_nobody_revokes_another_persons_token():
    owner, other = customer(), customer()
    bearer(owner)
    token = ApiToken.objects.get()
    response = bearer(other).post(f"/api/users/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_register_opens_an_account_and_sends_the_confirmation_link(api):
    response = api.post("/api/users/register/", {"email": "ana@example.ro", "password": "o-parola-lunga-2026!"}, format="json")
    assert response.status_code == 202
    assert User.objects.filter(email="ana@example.ro").exists() and len(mail.outbox) == 1
    weak = api.post("/api/users/register/", {"email": "dan@example.ro", "password": "123"}, format="json")
    assert weak.status_code == 400 and not User.objects.filter(email="dan@example.ro").exists()
    unverified = api.post("/api/users/login/", {"email": "ana@example.ro", "password": "o-parola-lunga-2026!"}, format="json")
    assert unverified.status_code == 403 and unverified.json()["code"] == "email_not_verified"


def test_sign_in_is_throttled_per_address(api, monkeypatch):
    rates = {"anon": "1000/min", "user": "1000/min", "sign_in": "3/min", "bids": "5/min", "checkout": "5/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    buyer = customer()
    codes = [
        api.post("/api/users/login/", {"email": buyer.email, "password": "wrong-wrong-1"}, format="json").status_code
        for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]


def test_the_account_page_lists_the_apps_and_revokes_one(client):
    owner, other = customer(), customer()
    issued = bearer(owner)
    token = ApiToken.objects.get()
    client.force_login(owner)
    client.cookies["django_language"] = "ro"
    page = client.get("/customers/api-tokens/").content.decode()
    assert token.prefix in page and "Revocă" in page
    client.force_login(other)
    assert client.post(f"/customers/api-tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(owner)
    assert client.get(f"/customers/api-tokens/{token.pk}/revoke/").status_code == 405  # only a POST revokes
    assert client.post(f"/customers/api-tokens/{token.pk}/revoke/").status_code == 302
    assert issued.get("/api/users/me/").status_code == 401
