"""Paying a priced authentication by card: Stripe Checkout on recorded responses; nothing is paid until Stripe says so."""

from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import stripe

from marketplace.authenticity import services
from marketplace.authenticity.models import AuthenticitySettings
from marketplace.authenticity.tasks import authenticity_card_payments_task
from marketplace.orders.payments import stripe_card

pytestmark = pytest.mark.django_db
RECORDED = Path(__file__).parent / "recorded"


class RecordedHTTPClient(stripe.HTTPClient):
    name = "recorded"

    def __init__(self, responses: dict, pk: int):
        super().__init__()
        self.responses, self.pk, self.calls = responses, pk, []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.calls.append((method, url, post_data))
        path = url.split("api.stripe.com", 1)[1].split("?")[0]
        body = (RECORDED / self.responses[(method, path)]).read_text().replace("__PK__", str(self.pk))
        return body, 200, {"request-id": "req_recorded"}

    def close(self):
        pass


@pytest.fixture
def priced(make_request, settings):
    AuthenticitySettings.objects.update_or_create(pk=1, defaults={"price": Decimal("150.00")})
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_snobistic", "whsec_test"
    return make_request()


def _stripe(monkeypatch, pk, retrieve):
    client = RecordedHTTPClient({
        ("post", "/v1/checkout/sessions"): "stripe_checkout_session_create.json",
        ("get", "/v1/checkout/sessions/cs_test_authenticity_9Xq2"): retrieve,
    }, pk)
    monkeypatch.setattr(stripe_card, "HTTP_CLIENT", client)
    return client


def test_card_payment_counts_only_when_stripe_says_paid(client, priced, monkeypatch):
    token = services.status_token(priced)
    page = client.get(f"/authenticity/status/{token}/").content.decode()
    assert "data-pay-card" in page

    recorded = _stripe(monkeypatch, priced.pk, "stripe_checkout_session_create.json")  # still unpaid
    response = client.post(f"/authenticity/status/{token}/pay/")
    assert response.status_code == 302 and response["Location"].startswith("https://checkout.stripe.com/")
    sent = parse_qs(recorded.calls[0][2])
    assert sent["line_items[0][price_data][unit_amount]"] == ["15000"] and sent["metadata[authenticity_request_id]"] == [str(priced.pk)]
    assert "metadata[payment_id]" not in sent  # the orders' webhook must not take it for an order payment

    client.get(f"/authenticity/status/{token}/?paid=1")  # came back, but Stripe says unpaid
    priced.refresh_from_db()
    assert priced.status == "awaiting_payment" and priced.paid_at is None

    _stripe(monkeypatch, priced.pk, "stripe_checkout_session_paid.json")
    client.get(f"/authenticity/status/{token}/?paid=1")
    priced.refresh_from_db()
    assert priced.status == "pending" and priced.paid_at is not None and priced.payment_reference == "pi_test_authenticity_77"


def test_without_stripe_keys_there_is_no_card_button(client, priced, settings):
    settings.STRIPE_SECRET_KEY = ""
    token = services.status_token(priced)
    assert "data-pay-card" not in client.get(f"/authenticity/status/{token}/").content.decode()
    assert client.post(f"/authenticity/status/{token}/pay/").status_code == 400


def test_a_payer_who_never_comes_back_is_found_paid_by_the_job(client, priced, monkeypatch):
    token = services.status_token(priced)
    _stripe(monkeypatch, priced.pk, "stripe_checkout_session_create.json")
    client.post(f"/authenticity/status/{token}/pay/")  # off to Stripe, and the tab is closed
    assert authenticity_card_payments_task() == 0  # Stripe: not paid yet
    priced.refresh_from_db()
    assert priced.status == "awaiting_payment"
    _stripe(monkeypatch, priced.pk, "stripe_checkout_session_paid.json")
    assert authenticity_card_payments_task() == 1
    priced.refresh_from_db()
    assert priced.status == "pending" and priced.payment_reference == "pi_test_authenticity_77"
    assert authenticity_card_payments_task() == 0  # counted once
