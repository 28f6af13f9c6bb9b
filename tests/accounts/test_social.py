"""Social sign-in: each provider's callback, with the provider's recorded responses (no network).

The token, userinfo and key responses below are the documented shapes (Google OpenID
Connect, Facebook Graph API, Sign in with Apple), stored in tests/accounts/recorded/.
The JWTs are signed here at test time, because their expiry must lie in the future.
"""

import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core import mail
from django.urls import reverse
from requests.structures import CaseInsensitiveDict

from marketplace.accounts.models import User
from storefront.account_adapters import SocialAccountAdapter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text("utf-8"))


class FakeResponse:
    def __init__(self, payload, status=200):
        self.payload, self.status_code = payload, status
        self.ok = status < 400
        self.text = json.dumps(payload)
        self.content = self.text.encode()
        self.headers = CaseInsensitiveDict({"Content-Type": "application/json"})

    def json(self):
        return self.payload

    def raise_for_status(self):
        if not self.ok:
            raise RuntimeError(self.status_code)


class FakeSession:
    """Answers the provider's endpoints from recordings; any other URL is a test failure."""

    def __init__(self, routes: dict[str, dict]):
        self.routes, self.calls = routes, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def request(self, method, url, **kwargs):
        self.calls.append((method.upper(), url))
        for prefix, payload in self.routes.items():
            if url.startswith(prefix):
                return FakeResponse(payload)
        raise AssertionError(f"unexpected request to {url}")

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)


@pytest.fixture
def providers(settings):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "google-client-id.apps.googleusercontent.com", "secret": "g-secret", "key": ""}], "SCOPE": ["profile", "email"], "EMAIL_AUTHENTICATION": True},
        "facebook": {"APPS": [{"client_id": "464891234567890", "secret": "fb-secret", "key": ""}], "SCOPE": ["email", "public_profile"]},
        "apple": {
            "APPS": [{
                "client_id": "ro.snobistic.web", "secret": "KEYID12345", "key": "TEAMID1234",
                "settings": {"certificate_key": ec_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()},
            }],
            "EMAIL_AUTHENTICATION": True,
        },
    }
    return settings.SOCIALACCOUNT_PROVIDERS


def use_session(monkeypatch, routes) -> FakeSession:
    session = FakeSession(routes)
    monkeypatch.setattr(SocialAccountAdapter, "get_requests_session", lambda self: session)
    return session


def start(client, name: str) -> str:
    """Press the provider's button; return the state the provider would send back."""
    response = client.post(reverse(f"social_{name}"))
    assert response.status_code == 302
    return parse_qs(urlparse(response["Location"]).query)["state"][0]


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def google_callback(client, monkeypatch):
    data = recorded("google")
    now = int(time.time())
    id_token = jwt.encode({**data["id_token_claims"], "iat": now, "exp": now + 3600}, "not-checked-over-tls", algorithm="HS256")
    session = use_session(monkeypatch, {"https://oauth2.googleapis.com/token": {**data["token"], "id_token": id_token}})
    state = start(client, "google")
    response = client.get("/accounts/google/login/callback/", {"code": "4/0AX4XfWh-recorded", "state": state})
    return response, session


def test_google_creates_a_buyer(client, providers, monkeypatch):
    response, session = google_callback(client, monkeypatch)
    assert response.status_code == 302
    user = User.objects.get(email="ioana.google@gmail.com")
    assert signed_in_as(client) == user
    assert user.has_role("customer")
    assert SocialAccount.objects.get(user=user).uid == "110248495921238986420"
    assert session.calls == [("POST", "https://oauth2.googleapis.com/token")]


def test_google_connects_an_existing_account_with_the_same_email(client, providers, monkeypatch):
    existing = UserFactory(email="ioana.google@gmail.com")
    google_callback(client, monkeypatch)
    assert User.objects.filter(email__iexact="ioana.google@gmail.com").count() == 1
    assert SocialAccount.objects.get(provider="google").user == existing
    assert signed_in_as(client) == existing


def test_google_sign_in_still_asks_for_the_second_factor(client, providers, monkeypatch):
    from marketplace.accounts.services import two_factor_email_enable

    existing = UserFactory(email="ioana.google@gmail.com")
    two_factor_email_enable(user=existing)
    response, _session = google_callback(client, monkeypatch)
    assert response["Location"] == reverse("two_factor_verify")
    assert signed_in_as(client) is None


def test_facebook_creates_a_user_whose_email_must_be_confirmed(client, providers, monkeypatch):
    data = recorded("facebook")
    from allauth.socialaccount.providers.facebook.constants import GRAPH_API_URL

    use_session(monkeypatch, {f"{GRAPH_API_URL}/oauth/access_token": data["token"], f"{GRAPH_API_URL}/me": data["me"]})
    state = start(client, "facebook")
    response = client.get("/accounts/facebook/login/callback/", {"code": "AQD-recorded", "state": state})
    assert response.status_code == 302
    user = User.objects.get(email="radu.fb@example.ro")
    assert SocialAccount.objects.get(user=user, provider="facebook").uid == "10223344556677889"
    # Facebook does not vouch for the address: a confirmation link is sent first
    assert any("radu.fb@example.ro" in m.to for m in mail.outbox)
    assert signed_in_as(client) is None


def test_facebook_does_not_duplicate_an_existing_email(client, providers, monkeypatch):
    UserFactory(email="radu.fb@example.ro")
    data = recorded("facebook")
    from allauth.socialaccount.providers.facebook.constants import GRAPH_API_URL

    use_session(monkeypatch, {f"{GRAPH_API_URL}/oauth/access_token": data["token"], f"{GRAPH_API_URL}/me": data["me"]})
    state = start(client, "facebook")
    client.get("/accounts/facebook/login/callback/", {"code": "AQD-recorded", "state": state})
    assert User.objects.filter(email__iexact="radu.fb@example.ro").count() == 1


def test_apple_creates_a_buyer_after_checking_the_id_token_signature(client, providers, monkeypatch):
    data = recorded("apple")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": "W6WcOKB", "alg": "RS256", "use": "sig"})
    now = int(time.time())
    id_token = jwt.encode({**data["id_token_claims"], "iat": now, "exp": now + 600}, key, algorithm="RS256", headers={"kid": "W6WcOKB"})
    session = use_session(monkeypatch, {
        "https://appleid.apple.com/auth/token": {**data["token"], "id_token": id_token},
        "https://appleid.apple.com/auth/keys": {"keys": [jwk]},
    })
    state = start(client, "apple")
    # Apple posts the answer back (form_post); allauth moves it to the finishing callback
    posted = client.post("/accounts/apple/login/callback/", {"code": "c1d2e3-recorded", "state": state, "user": json.dumps(data["user"])})
    assert posted.status_code == 302
    response = client.get(posted["Location"])
    assert response.status_code == 302
    user = User.objects.get(email="elena.apple@icloud.com")
    assert signed_in_as(client) == user
    assert ("GET", "https://appleid.apple.com/auth/keys") in session.calls


def test_apple_refuses_a_forged_id_token(client, providers, monkeypatch):
    data = recorded("apple")
    real, forger = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(real.public_key()))
    jwk.update({"kid": "W6WcOKB", "alg": "RS256", "use": "sig"})
    now = int(time.time())
    forged = jwt.encode({**data["id_token_claims"], "iat": now, "exp": now + 600}, forger, algorithm="RS256", headers={"kid": "W6WcOKB"})
    use_session(monkeypatch, {
        "https://appleid.apple.com/auth/token": {**data["token"], "id_token": forged},
        "https://appleid.apple.com/auth/keys": {"keys": [jwk]},
    })
    state = start(client, "apple")
    posted = client.post("/accounts/apple/login/callback/", {"code": "c1d2e3-recorded", "state": state})
    client.get(posted["Location"])
    assert not User.objects.filter(email="elena.apple@icloud.com").exists()
    assert signed_in_as(client) is None


def test_providers_are_off_without_credentials(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    for name in ("google", "facebook", "apple"):
        assert client.post(reverse(f"social_{name}")).status_code == 404
    assert "Google" not in client.get(reverse("login")).content.decode()
