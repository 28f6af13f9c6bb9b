"""Card payments: the Stripe adapter against recorded responses, and the signed, idempotent webhook."""

import hashlib
import hmac
import json
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import stripe
from django.urls import reverse

from marketplace.orders.models import Order, OrderEvent, Payment, WebhookEvent
from marketplace.orders.payments import stripe_card
from marketplace.orders.services import order_cancel
from tests.factories import approved_vendor, buyable, customer

from .helpers import place_order

pytestmark = pytest.mark.django_db
RECORDED = Path(__file__).parent / "recorded"
SECRET = "whsec_test_snobistic_0123456789"


class RecordedHTTPClient(stripe.HTTPClient):
    """Answers Stripe API calls with a recorded response and remembers what was sent."""

    name = "recorded"

    def __init__(self, responses: dict[str, str]):
        super().__init__()
        self.responses, self.calls = responses, []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.calls.append((method, url, dict(headers or {}), post_data))
        path = url.split("api.stripe.com", 1)[1]
        return (RECORDED / self.responses[path]).read_text(), 200, {"request-id": "req_recorded"}

    def close(self):
        pass


@pytest.fixture
def stripe_on(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_snobistic", SECRET
    client = RecordedHTTPClient({
        "/v1/checkout/sessions": "stripe_checkout_session_create.json",
        "/v1/refunds": "stripe_refund_create.json",
    })
    monkeypatch.setattr(stripe_card, "HTTP_CLIENT", client)
    return client


def signed(payload: str, secret: str = SECRET, at: int | None = None) -> str:
    at = at or int(time.time())
    signature = hmac.new(secret.encode(), f"{at}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={at},v1={signature}"


def session_event(payment: Payment, *, event_id="evt_1QxYz1AbCdEfGhIj", type_="checkout.session.completed", status="paid"):
    return json.dumps({
        "id": event_id, "object": "event", "api_version": "2025-10-29.clover", "created": int(time.time()), "livemode": False,
        "type": type_,
        "data": {"object": {
            "id": "cs_test_a1Kx9ZpQf3sNw7bR2mLc8VdT4yHj6EoU0iGqB5nXkWzA", "object": "checkout.session",
            "amount_total": int(payment.amount * 100), "currency": "ron", "payment_status": status,
            "payment_intent": "pi_3QxYz1AbCdEfGhIj0FgHiJkL", "client_reference_id": payment.order.number,
            "metadata": {"order_id": str(payment.order_id), "payment_id": str(payment.pk), "order_number": payment.order.number},
        }},
    })


@pytest.fixture
def card_order(client, stripe_on):
    """A buyer checked out with card and was sent to Stripe's page."""
    buyer = customer()
    product = buyable(approved_vendor(), price="1200.00")
    order = place_order(buyer, [product], payment_method="card")
    client.force_login(buyer)
    response = client.post(reverse("order_pay", args=[order.pk]))
    assert response.status_code == 302 and response["Location"].startswith("https://checkout.stripe.com/c/pay/cs_test_")
    return order


def test_the_adapter_opens_a_checkout_session_for_the_order_total(card_order, stripe_on):
    method, url, headers, body = stripe_on.calls[-1]
    sent = parse_qs(body)
    assert method == "post" and url.endswith("/v1/checkout/sessions")
    assert sent["line_items[0][price_data][unit_amount]"] == ["122500"]  # 1 200 lei + 25 lei courier, in bani
    assert sent["line_items[0][price_data][currency]"] == ["ron"]
    assert sent["metadata[order_id]"] == [str(card_order.pk)]
    assert headers["Idempotency-Key"].startswith("snobistic-checkout-")
    assert headers["Authorization"] == "Bearer sk_test_snobistic"
    payment = card_order.payments.get()
    assert payment.reference.startswith("cs_test_") and payment.status == Payment.Status.PENDING


def test_a_signed_webhook_marks_the_order_paid_once_even_when_replayed(client, card_order):
    payment = card_order.payments.get()
    payload = session_event(payment)
    url = reverse("stripe_webhook")
    # When Stripe sends the same event three times
    answers = [client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload)) for _i in range(3)]
    # Then the order moved once
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["outcome"] for a in answers] == ["applied", "duplicate", "duplicate"]
    order = Order.objects.get(pk=card_order.pk)
    assert order.status == "paid" and order.paid_at
    assert order.events.filter(type=OrderEvent.Type.STATUS, to_status="paid").count() == 1
    assert order.payments.get().reference == "pi_3QxYz1AbCdEfGhIj0FgHiJkL"
    # And the pages tell the truth
    page = client.get(reverse("payment_success", args=[order.pk]))
    assert 'data-state="paid"' in page.content.decode()


def test_a_bad_signature_is_refused_and_changes_nothing(client, card_order):
    payload = session_event(card_order.payments.get())
    url = reverse("stripe_webhook")
    for header in (signed(payload, secret="whsec_forged"), "", signed(payload, at=int(time.time()) - 3600)):
        response = client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
        assert response.status_code == 400
    tampered = payload.replace('"paid"', '"paid" ', 1)
    assert client.post(url, tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload)).status_code == 400
    assert Order.objects.get(pk=card_order.pk).status == "pending_payment"
    assert not WebhookEvent.objects.exists()


def test_return_url_does_not_mark_the_order_paid(client, card_order):
    page = client.get(reverse("payment_success", args=[card_order.pk]) + "?session_id=cs_test_forged")
    assert 'data-state="processing"' in page.content.decode()
    assert Order.objects.get(pk=card_order.pk).status == "pending_payment"
    failure = client.get(reverse("payment_failure", args=[card_order.pk]))
    assert 'data-state="not-paid"' in failure.content.decode()


def test_an_expired_session_is_recorded_and_the_order_waits_for_its_deadline(client, card_order):
    payment = card_order.payments.get()
    payload = session_event(payment, event_id="evt_expired", type_="checkout.session.expired", status="unpaid")
    response = client.post(reverse("stripe_webhook"), payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
    assert response.json()["outcome"] == "applied"
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.FAILED
    assert Order.objects.get(pk=card_order.pk).events.filter(type=OrderEvent.Type.PAYMENT_FAILED).exists()


def test_cancel_with_refund_of_a_card_order_refunds_through_stripe(client, card_order, stripe_on):
    payload = session_event(card_order.payments.get())
    client.post(reverse("stripe_webhook"), payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
    order = order_cancel(order=Order.objects.get(pk=card_order.pk), actor=None, reason="Vânzătorul nu mai are piesa.")
    method, url, _headers, body = stripe_on.calls[-1]
    assert url.endswith("/v1/refunds") and parse_qs(body)["payment_intent"] == ["pi_3QxYz1AbCdEfGhIj0FgHiJkL"]
    payment = order.payments.get()
    assert payment.status == Payment.Status.REFUNDED and payment.refunded_amount == Decimal("1225.00")
    assert payment.refund_reference == "re_3QxYz1AbCdEfGhIj0KlMnOpQ"


def test_the_webhook_is_closed_when_stripe_is_off(client):
    assert client.post(reverse("stripe_webhook"), "{}", content_type="application/json").status_code == 404


def test_a_failure_while_applying_an_event_leaves_it_unrecorded_so_stripes_retry_pays_the_order(card_order, monkeypatch):
    from django.test import Client

    from marketplace.orders import lifecycle

    payment = card_order.payments.get()
    payload = session_event(payment, event_id="evt_retry_after_crash")
    url = reverse("stripe_webhook")
    stripe_side = Client(raise_request_exception=False)
    real_issue, calls = lifecycle.invoice_issue, []

    def crash_once(*, shipment):  # the order is already moved to paid in the transaction when this fails
        calls.append(shipment.pk)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return real_issue(shipment=shipment)

    monkeypatch.setattr(lifecycle, "invoice_issue", crash_once)
    # When the first delivery fails after the event id was recorded
    first = stripe_side.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
    # Then Stripe is told to retry, and nothing of it stayed: neither the event id nor half a payment
    assert first.status_code == 500
    assert not WebhookEvent.objects.filter(event_id="evt_retry_after_crash").exists()
    assert Order.objects.get(pk=card_order.pk).status == "pending_payment"
    # And Stripe's retry applies the payment, once
    retry = stripe_side.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
    assert retry.status_code == 200 and retry.json()["outcome"] == "applied"
    order = Order.objects.get(pk=card_order.pk)
    assert order.status == "paid" and order.payments.get().status == Payment.Status.SUCCEEDED
    assert order.shipments.get().invoice.total == order.total
    again = stripe_side.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
    assert again.json()["outcome"] == "duplicate"
    assert WebhookEvent.objects.filter(event_id="evt_retry_after_crash").count() == 1
