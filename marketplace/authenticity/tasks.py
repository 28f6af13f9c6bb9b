"""django-q2 jobs of the authenticity context: they take ids and are safe to run twice."""

from .payments import card_payment_confirm
from .selectors import requests_awaiting_card_payment, requests_awaiting_outcome
from .services import authentication_poll, authentication_submit_to_provider


def authenticity_submit_task(request_id: int) -> None:
    authentication_submit_to_provider(request_id=request_id)


def authenticity_poll_task() -> int:
    """Every few minutes: ask the outside service about each request it holds. Returns how many were asked."""
    ids = list(requests_awaiting_outcome().values_list("pk", flat=True)[:200])
    for request_id in ids:
        authentication_poll(request_id=request_id)
    return len(ids)


def authenticity_card_payments_task() -> int:
    """Every few minutes: ask Stripe about the card payments whose payer did not come back to the status page
    (a closed tab, a lost connection). Only a session Stripe reports paid, for the right request and amount,
    moves the request to review. Returns how many were found paid."""
    return sum(card_payment_confirm(request=request) for request in requests_awaiting_card_payment()[:200])
