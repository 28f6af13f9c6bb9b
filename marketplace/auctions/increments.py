"""The bid increment table and the proxy-bidding rule, as pure functions.

The service applies ``apply_bid`` under the auction's row lock; tests and the benchmark replay
accepted bids through the very same function to check nothing was lost.

Rule (eBay, Catawiki): a bidder states a maximum. The visible price is the least needed to
make the highest maximum win: one increment above the second-highest maximum (never above
the leader's own maximum), or the reserve as soon as the leader's maximum reaches it. Equal
maximums: the earlier one keeps the lead. The leader may raise their maximum without moving
the price (except up to a reserve the new maximum reaches).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from marketplace.administration.bid_table import DEFAULT_BID_INCREMENTS, parse_bid_increments
from marketplace.common.money import format_money

Table = Sequence[tuple[Decimal, Decimal]]

# The table is a platform setting: its parser lives with the settings (administration, a lower
# layer, validates what staff save with it) and is the auction rules' parser too.
DEFAULT_TABLE: Table = parse_bid_increments(DEFAULT_BID_INCREMENTS)


def table_increment(price: Decimal, table: Table) -> Decimal:
    """The increment of the band ``price`` falls in (bands are (from, increment), rising)."""
    step = table[0][1]
    for start, band_step in table:
        if price < start:
            break
        step = band_step
    return step


@dataclass(frozen=True)
class Terms:
    starting_price: Decimal
    reserve_price: Decimal | None
    table: Table
    listing_increment: Decimal | None = None

    def increment(self, price: Decimal) -> Decimal:
        """The table's increment at ``price``, or the listing's own when it is larger."""
        step = table_increment(price, self.table)
        if self.listing_increment is not None and self.listing_increment > step:
            return self.listing_increment
        return step


@dataclass(frozen=True)
class State:
    price: Decimal
    bids_count: int = 0
    leader_id: int | None = None
    leader_max: Decimal | None = None


def minimum_next_bid(state: State, terms: Terms) -> Decimal:
    """What a bidder who is not leading must offer at least."""
    if state.leader_id is None:
        return terms.starting_price
    return state.price + terms.increment(state.price)


def _with_reserve(price: Decimal, leader_max: Decimal, terms: Terms) -> Decimal:
    reserve = terms.reserve_price
    if reserve is not None and leader_max >= reserve and price < reserve:
        return reserve
    return price


def apply_bid(state: State, terms: Terms, *, bidder_id: int, maximum: Decimal) -> tuple[State, str]:
    """The state after ``bidder_id`` bids ``maximum``, and the bid's outcome.

    Outcome is "leading" (the bidder now leads), "raised" (the leader raised their maximum)
    or "outbid" (accepted, but an earlier maximum is at least as high). Raises
    ValidationError (code ``below_minimum`` / ``not_above_own_maximum``) when refused.
    """
    count = state.bids_count + 1
    if state.leader_id == bidder_id:
        if maximum <= state.leader_max:
            raise ValidationError(
                _("You already lead with a maximum of %(max)s lei; a new maximum must be higher."),
                code="not_above_own_maximum",
                params={"max": format_money(state.leader_max, unit=False), "maximum": state.leader_max},
            )
        price = _with_reserve(state.price, maximum, terms)
        return replace(state, price=price, leader_max=maximum, bids_count=count), "raised"

    minimum = minimum_next_bid(state, terms)
    if maximum < minimum:
        raise ValidationError(
            _("The minimum bid is %(min)s lei."), code="below_minimum",
            params={"min": format_money(minimum, unit=False), "minimum": minimum},
        )
    if state.leader_id is None:
        price = _with_reserve(terms.starting_price, maximum, terms)
        return State(price=price, bids_count=count, leader_id=bidder_id, leader_max=maximum), "leading"
    if maximum > state.leader_max:
        price = min(maximum, state.leader_max + terms.increment(state.leader_max))
        price = _with_reserve(max(price, state.price), maximum, terms)
        return State(price=price, bids_count=count, leader_id=bidder_id, leader_max=maximum), "leading"
    # maximum <= leader's: the earlier maximum keeps the lead, the price follows the challenger.
    price = min(state.leader_max, maximum + terms.increment(maximum))
    price = _with_reserve(max(price, state.price), state.leader_max, terms)
    return replace(state, price=price, bids_count=count), "outbid"


def replay(bids: Sequence[tuple[int, Decimal]], terms: Terms) -> State:
    """The state that applying ``(bidder_id, maximum)`` pairs in order produces (all must be accepted)."""
    state = State(price=terms.starting_price)
    for bidder_id, maximum in bids:
        state, _outcome = apply_bid(state, terms, bidder_id=bidder_id, maximum=maximum)
    return state
