"""How each door answers a refused bid: one table for the seed's place_bid view and the storefront API.

The codes are those of the ValidationErrors raised by ``services.auction_place_bid``.
"""

REFUSAL_STATUS = {
    "not_found": 404,
    "login_required": 401,
    "staff_cannot_bid": 403, "email_not_verified": 403, "own_lot": 403,
    # the lot's state refused it: it ended, has not started, or the price moved past the bid
    "ended": 409, "cancelled": 409, "not_started": 409, "not_validated": 409,
    "below_minimum": 409, "not_above_own_maximum": 409,
}


def refusal_status(code: str | None) -> int:
    """The HTTP status of a refused bid; 400 for bad input (an amount that is not a sum of money)."""
    return REFUSAL_STATUS.get(code or "", 400)
