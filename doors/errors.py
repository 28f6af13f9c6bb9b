"""One error table for every door: a service's error code → the HTTP status, and one payload ``{code, message, fields}``.

The domain refuses with ``ValidationError(code=...)`` (bad input, a rule) or ``marketplace.common.errors.DomainError``
(``NotFound``: not there, or not yours). The storefront API's exception handlers, the pages (``DomainErrorMiddleware``
turns ``NotFound`` into the site's 404 page) and the JSON answers of pages all read ``error_status``/``error_payload``;
``form_add_service_error`` puts a service's refusal onto the form that asked for it. A code missing here answers 400.
"""

from django.core.exceptions import ValidationError

from marketplace.common.errors import DomainError, NotFound

BAD_INPUT = 400
SIGN_IN = 401
FORBIDDEN = 403
NOT_FOUND = 404
CONFLICT = 409
UNPROCESSABLE = 422
TOO_MANY_REQUESTS = 429

# Every code a service raises (tests/doors/test_errors.py checks none is missing). Bad input and broken rules are 400;
# who may not act is 401/403; what does not exist 404; a state that refuses it now (a lot that ended, a price that
# moved past the bid) 409.
STATUS_BY_CODE: dict[str, int] = {
    "not_found": NOT_FOUND,
    # bids: who may not bid, and the lot's state
    "login_required": SIGN_IN,
    "staff_cannot_bid": FORBIDDEN, "email_not_verified": FORBIDDEN, "own_lot": FORBIDDEN,
    "ended": CONFLICT, "cancelled": CONFLICT, "not_started": CONFLICT, "not_validated": CONFLICT,
    "phone_invalid": BAD_INPUT, "no_phone": BAD_INPUT,  # SMS phone confirmation (notifications)
    "preference_unknown": BAD_INPUT, "unsubscribe_invalid": BAD_INPUT,  # notification preferences, one-click unsubscribe
    # a preference cell that does not exist (a channel the kind does not use) or must stay on: as a schema error
    "channel_not_offered": UNPROCESSABLE, "channel_locked": UNPROCESSABLE,
    "sms_phone_missing": CONFLICT,  # SMS sign-in codes without a confirmed mobile number (accounts)
    "rate_limited": TOO_MANY_REQUESTS,  # too many authenticity requests from one address or e-mail
    "below_minimum": CONFLICT, "not_above_own_maximum": CONFLICT, "order_shared": CONFLICT,
    # fulfilment and returns (marketplace/orders/fulfilment.py, returns.py): a step the parcel or the return is not at
    "not_shipped": CONFLICT, "already_delivered": CONFLICT, "shipment_cancelled": CONFLICT,
    "return_not_allowed": CONFLICT, "invalid_return_step": CONFLICT,
    "invalid_return": BAD_INPUT, "tracking_required": BAD_INPUT, "inspection_required": BAD_INPUT,
    "refund_out_of_range": BAD_INPUT,
    # shipping (marketplace/shipping): AWBs, hand-over, parcel photos, courier webhooks
    "awb_not_allowed": CONFLICT, "awb_handed_over": CONFLICT, "awb_missing": CONFLICT, "courier_error": CONFLICT,
    "courier_not_enabled": BAD_INPUT, "service_not_offered": BAD_INPUT, "locker_required": BAD_INPUT,
    "invalid_weight": BAD_INPUT, "invalid_size": BAD_INPUT, "photos_required": BAD_INPUT,
    "bad_signature": FORBIDDEN, "bad_payload": BAD_INPUT,
    # conversations (marketplace/chat): a buyer writing to their own shop, a report made twice, too many messages
    "own_shop": FORBIDDEN, "own_message": BAD_INPUT, "too_many_photos": BAD_INPUT, "already_reported": CONFLICT,
    "chat_rate_limited": TOO_MANY_REQUESTS,
    # wallet (marketplace/wallet): payouts and the IBAN change that guards them
    "payout_below_minimum": BAD_INPUT, "rate_required": BAD_INPUT, "insufficient_funds": CONFLICT,
    "payout_iban_hold": CONFLICT, "payout_invalid_state": CONFLICT, "nothing_to_batch": CONFLICT,
    "payout_four_eyes": FORBIDDEN, "two_factor_required": FORBIDDEN,
    # wallet statements, commission invoices, e-Factura (marketplace/wallet/statements.py, invoicing.py, efactura.py)
    "statement_period_invalid": BAD_INPUT, "statement_period_future": BAD_INPUT, "statement_period_open": CONFLICT,
    "commission_invoice_identity_missing": CONFLICT, "efactura_address_incomplete": BAD_INPUT, "efactura_invalid": BAD_INPUT,
    # the partner API's sign-in (marketplace/accounts/tokens.py)
    "invalid_credentials": SIGN_IN, "challenge_expired": SIGN_IN, "challenge_invalid": SIGN_IN, "invalid_code": BAD_INPUT,
    "two_factor_enrolment_required": FORBIDDEN,
    # support: who may work on a conversation or ticket, its state, the inbound-mail signature and sender
    "support_forbidden": FORBIDDEN, "sender_mismatch": FORBIDDEN, "stale_signature": FORBIDDEN,  # bad_signature: above
    "ticket_closed": CONFLICT, "already_taken": CONFLICT, "chat_not_waiting": CONFLICT, "chat_not_active": CONFLICT,
    "chat_ended": CONFLICT, "not_support_agent": BAD_INPUT,
    # seller reviews (marketplace/reviews): once per completed order and seller, one answer
    "review_not_allowed": CONFLICT, "already_reviewed": CONFLICT, "already_answered": CONFLICT,
    "invalid_rating": BAD_INPUT,
    # background jobs (marketplace/administration/jobs.py): a failed job already retried or cleaned up
    "job_not_failed": CONFLICT,
    # the buyer's address book, company look-up at checkout, privacy (marketplace/customers)
    "address_book_full": CONFLICT, "export_in_progress": CONFLICT, "export_expired": NOT_FOUND, "erase_not_allowed": FORBIDDEN,
    "wrong_password": BAD_INPUT,
    # bad input or a rule that refuses it (cart, checkout, payments, listings, imports, vendors, accounts, fetch)
    **dict.fromkeys(
        [
            "invalid", "required", "unavailable", "reason_required", "invalid_state", "vat_required", "unreadable",
            "too_many_rows", "too_large", "step_not_reached", "own_product", "no_vendor", "no_photo", "format",
            "expired", "empty_cart", "bad_zip", "vendor_not_approved", "unknown_dimension", "too_many_pixels", "taken",
            "scheme", "reference_required", "redirects", "out_of_range", "not_yours", "not_store_product", "not_store",
            "not_payable", "not_image", "not_bank_transfer", "no_header", "just_sold", "invalid_vat",
            "invalid_transition", "invalid_step", "invalid_quantity", "invalid_postal_code", "invalid_phone",
            "invalid_line", "invalid_kind", "invalid_iban", "invalid_choice", "invalid_checkout", "invalid_amount",
            "incomplete", "http", "host", "fetch", "duplicate", "committed", "columns", "amount_mismatch",
            "already_vendor", "already_placed", "invalid_trade_register", "vat_payer_needs_ro",
            "unique", "max_length", "min_value", "max_value",
            "too_few_photos",  # authenticity requests: 3 to 12 photos
        ],
        BAD_INPUT,
    ),
}


def error_code(exc: Exception) -> str:
    """The stable code of a refusal: a DomainError's own, a ValidationError's first coded error, else ``invalid``."""
    if isinstance(exc, DomainError):
        return exc.code
    if isinstance(exc, ValidationError):
        errors = [e for errors in exc.error_dict.values() for e in errors] if hasattr(exc, "error_dict") else exc.error_list
        return next((e.code for e in errors if e.code), "invalid")
    return "invalid"


def error_status(code: str | None) -> int:
    """The HTTP status of a refusal by its code; 400 (bad input) for a code the table does not know."""
    return STATUS_BY_CODE.get(code or "", BAD_INPUT)


def error_fields(exc: Exception) -> dict[str, list[str]]:
    if isinstance(exc, DomainError):
        return dict(exc.fields)
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return {name: [str(m) for e in errors for m in e.messages] for name, errors in exc.error_dict.items()}
    return {}


def error_message(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def error_body(code: str, message, fields: dict | None = None) -> dict:
    """The one shape of every error answer."""
    return {"code": code, "message": str(message), "fields": fields or {}}


def error_payload(exc: Exception) -> tuple[int, dict]:
    """A service's refusal as ``(status, {code, message, fields})``."""
    code = error_code(exc)
    return error_status(code), error_body(code, error_message(exc), error_fields(exc))


def form_add_service_error(form, exc: Exception, *, default_field: str | None = None) -> None:
    """Put a service's refusal onto ``form``: each field's errors on that field when the form has it, the rest above
    the form (or on ``default_field``, when the page knows the whole refusal is about one input, e.g. an uploaded file)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields and name != "__all__" else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(default_field, exc)
    elif isinstance(exc, DomainError):
        for name, messages in exc.fields.items():
            form.add_error(name if name in form.fields else None, messages)
        if not exc.fields:
            form.add_error(default_field, ValidationError(str(exc.message), code=exc.code))
    else:
        raise TypeError(f"not a service error: {exc!r}")


__all__ = [
    "STATUS_BY_CODE", "NotFound", "error_body", "error_code", "error_fields", "error_message", "error_payload",
    "error_status", "form_add_service_error",
]
