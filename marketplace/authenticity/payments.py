"""Paying for an authentication by card: Stripe Checkout, through the orders' Stripe setup (keys, HTTP client).

The orders' card provider cannot be reused as is: its sessions carry an order's ``payment_id``,
which the orders' webhook would look up among order payments. Here the session carries only
``authenticity_request_id`` (the orders' webhook ignores such an event) and the payment is
confirmed by reading the session back from Stripe when the buyer returns: a request is marked
paid only when Stripe says ``payment_status == "paid"`` for the right request and amount.
Without Stripe's keys the requester pays by bank transfer and staff record it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.orders.payments import stripe_card, stripe_enabled

from .models import AuthenticationRequest
from .services import authentication_paid

if TYPE_CHECKING:
    import stripe

# stripe (with aiohttp, its async HTTP client) is imported where a payment is made, not with this module: the
# admin imports it through the authenticity services, and every web and worker process would carry it (about 6 MB).
Status = AuthenticationRequest.Status


def _client() -> stripe.StripeClient:
    import stripe  # noqa: PLC0415 - see the note above

    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=stripe_card.HTTP_CLIENT, max_network_retries=2)


def card_payment_start(*, request: AuthenticationRequest, success_url: str, cancel_url: str) -> str:
    """Open a Stripe Checkout page for a request waiting for payment; returns where to send the requester."""
    if not stripe_enabled():
        raise ValidationError(_("Card payments are not available right now."), code="unavailable")
    if request.status != Status.AWAITING_PAYMENT:
        raise ValidationError(_("This request does not wait for a payment."), code="not_payable")
    params = {
        "mode": "payment",
        "client_reference_id": request.reference,
        "customer_email": request.email,
        "line_items": [{
            "quantity": 1,
            "price_data": {
                "currency": "ron", "unit_amount": stripe_card.to_minor(request.price),
                "product_data": {"name": _("SNOBISTIC authentication %(ref)s") % {"ref": request.reference}},
            },
        }],
        "metadata": {"authenticity_request_id": str(request.pk)},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    import stripe  # noqa: PLC0415 - see the note above

    try:
        session = _client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"snobistic-authenticity-{request.pk}-{int(timezone.now().timestamp()) // 600}"}
        )
    except stripe.StripeError as exc:
        raise ValidationError(_("The card payment could not be started. Please try again."), code="unavailable") from exc
    AuthenticationRequest.objects.filter(pk=request.pk, status=Status.AWAITING_PAYMENT).update(
        payment_reference=session.id, updated_at=timezone.now()
    )
    return session.url or ""


def card_payment_confirm(*, request: AuthenticationRequest) -> bool:
    """Ask Stripe whether the request's Checkout session is paid; if so the request goes to review. True when paid."""
    session_id = request.payment_reference
    if request.status != Status.AWAITING_PAYMENT or not session_id.startswith("cs_") or not stripe_enabled():
        return False
    import stripe  # noqa: PLC0415 - see the note above

    try:
        session = _client().v1.checkout.sessions.retrieve(session_id).to_dict()
    except stripe.StripeError:
        return False
    metadata = session.get("metadata") or {}
    if (
        session.get("payment_status") != "paid"
        or metadata.get("authenticity_request_id") != str(request.pk)
        or session.get("amount_total") != stripe_card.to_minor(request.price)
    ):
        return False
    with transaction.atomic():
        authentication_paid(request=request, reference=str(session.get("payment_intent") or session_id))
    return True
