"""Card payments through Stripe Checkout (hosted page), with signed webhooks.

Keys come from the environment (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET). The order's id and
the payment's id travel in the session's metadata, so a webhook finds its payment without
trusting anything else in the request. Amounts are in bani (RON × 100).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PaymentMethod
from .base import PaymentError, PaymentProvider, PaymentStart, ProviderEvent, RefundResult

if TYPE_CHECKING:
    import stripe

# stripe (with aiohttp, its async HTTP client) is imported where a payment is made, not with this module: the
# admin imports it through the order services, and every web and worker process would carry it (about 6 MB).

# Tests put a recorded-response client here; None means stripe's default HTTP client.
HTTP_CLIENT: stripe.HTTPClient | None = None

SUCCEEDED = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
FAILED = {"checkout.session.expired", "checkout.session.async_payment_failed"}


def _client() -> stripe.StripeClient:
    import stripe  # noqa: PLC0415 - see the note above

    if not settings.STRIPE_SECRET_KEY:
        raise PaymentError(_("Card payments are not available right now."))
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=HTTP_CLIENT, max_network_retries=2)


def to_minor(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def from_minor(value) -> Decimal | None:
    return None if value is None else (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


class StripeCardProvider(PaymentProvider):
    method = PaymentMethod.CARD

    def start(self, *, order, payment, success_url: str, cancel_url: str) -> PaymentStart:
        metadata = {"order_id": str(order.pk), "payment_id": str(payment.pk), "order_number": order.number}
        params = {
            "mode": "payment",
            "client_reference_id": order.number,
            "customer_email": order.email,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "ron",
                        "unit_amount": to_minor(payment.amount),
                        "product_data": {"name": _("SNOBISTIC order %(number)s") % {"number": order.number}},
                    },
                }
            ],
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
        if order.pay_by:
            # Stripe accepts a session expiry between 30 minutes and 24 hours from now.
            seconds = (order.pay_by - timezone.now()).total_seconds()
            if 31 * 60 <= seconds <= 23 * 3600:
                params["expires_at"] = int(order.pay_by.timestamp())
        import stripe  # noqa: PLC0415 - see the note above

        try:
            session = _client().v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"snobistic-checkout-{payment.pk}"}
            )
        except stripe.StripeError as exc:
            raise PaymentError(_("The card payment could not be started. Please try again.")) from exc
        return PaymentStart(reference=session.id, redirect_url=session.url or "")

    def refund(self, *, payment, amount: Decimal) -> RefundResult:
        if not payment.reference.startswith("pi_"):
            raise PaymentError(_("This card payment has no Stripe payment to refund."))
        import stripe  # noqa: PLC0415 - see the note above

        try:
            refund = _client().v1.refunds.create(
                params={"payment_intent": payment.reference, "amount": to_minor(amount)},
                options={"idempotency_key": f"snobistic-refund-{payment.pk}-{to_minor(amount)}"},
            )
        except stripe.StripeError as exc:
            raise PaymentError(_("Stripe refused the refund: %(error)s") % {"error": exc.user_message or exc}) from exc
        return RefundResult(reference=refund.id, completed=refund.status in ("succeeded", "pending"))


def parse_webhook(*, payload: bytes, signature: str) -> ProviderEvent:
    """Verify the Stripe-Signature header and reduce the event. Raises ValueError on a bad one."""
    import stripe  # noqa: PLC0415 - see the note above

    text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    try:
        stripe.WebhookSignature.verify_header(text, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=300)
        event = json.loads(text)
        obj = event["data"]["object"]
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError) as exc:
        raise ValueError("invalid Stripe webhook") from exc
    event_type = event.get("type", "")
    metadata = obj.get("metadata") or {}
    payment_id = metadata.get("payment_id")
    if event_type in SUCCEEDED and obj.get("payment_status") in ("paid", "no_payment_required"):
        kind = "succeeded"
    elif event_type in FAILED:
        kind = "failed"
    else:
        kind = "ignored"  # e.g. completed but an async method (bank debit) still pending
    return ProviderEvent(
        event_id=str(event.get("id", "")),
        type=kind,
        payment_id=int(payment_id) if payment_id and str(payment_id).isdigit() else None,
        reference=obj.get("payment_intent") or obj.get("id") or "",
        amount=from_minor(obj.get("amount_total")),
        raw_type=event_type,
    )
