"""The proxy-bidding rule and the increment table, on worked examples (eBay / Catawiki style)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from marketplace.auctions.increments import (
    DEFAULT_BID_INCREMENTS,
    State,
    Terms,
    apply_bid,
    minimum_next_bid,
    parse_bid_increments,
    replay,
    table_increment,
)

TABLE = parse_bid_increments(DEFAULT_BID_INCREMENTS)
A, B, C = 1, 2, 3


def terms(start="100", reserve=None, listing_increment=None):
    return Terms(
        starting_price=D(start),
        reserve_price=None if reserve is None else D(reserve),
        table=TABLE,
        listing_increment=None if listing_increment is None else D(listing_increment),
    )


@pytest.mark.parametrize(
    ("price", "step"),
    [("0", "5"), ("99.99", "5"), ("100", "10"), ("499.99", "10"), ("500", "25"), ("999.99", "25"),
     ("1000", "50"), ("4999.99", "50"), ("5000", "100"), ("9999.99", "100"), ("10000", "250"), ("250000", "250")],
)
def test_default_table_matches_the_published_bands(price, step):
    assert table_increment(D(price), TABLE) == D(step)


def test_a_listing_increment_counts_only_when_larger_than_the_table():
    assert terms(listing_increment="50").increment(D("300")) == D("50")
    assert terms(listing_increment="3").increment(D("300")) == D("10")


def test_second_highest_maximum_plus_one_increment():
    # Given A bids up to 500 and B up to 300, the price is one increment (10) above B's maximum.
    state = replay([(A, D("500")), (B, D("300"))], terms())
    assert (state.leader_id, state.price, state.leader_max) == (A, D("310"), D("500"))


def test_first_bid_shows_the_starting_price_whatever_the_maximum():
    state, outcome = apply_bid(State(price=D("100")), terms(), bidder_id=A, maximum=D("900"))
    assert (state.price, state.leader_id, outcome) == (D("100"), A, "leading")


def test_a_sequence_of_bids_moves_the_price_only_as_much_as_needed():
    t, state = terms(), State(price=D("100"))
    steps = [(A, "150", "leading", A, "100"), (B, "120", "outbid", A, "130"), (B, "160", "leading", B, "160"),
             (A, "200", "leading", A, "170"), (C, "180", "outbid", A, "190")]
    for bidder, maximum, outcome, leader, price in steps:
        state, got = apply_bid(state, t, bidder_id=bidder, maximum=D(maximum))
        assert (got, state.leader_id, state.price) == (outcome, leader, D(price)), (bidder, maximum)
    assert state.bids_count == 5


def test_a_new_leader_pays_no_more_than_their_own_maximum():
    state = replay([(A, D("500")), (B, D("505"))], terms())
    assert (state.leader_id, state.price) == (B, D("505"))


def test_equal_maximums_the_earlier_bid_wins():
    state, outcome = apply_bid(replay([(A, D("500"))], terms()), terms(), bidder_id=B, maximum=D("500"))
    assert (state.leader_id, state.price, outcome) == (A, D("500"), "outbid")


def test_the_leader_raises_their_maximum_without_raising_the_price():
    state = replay([(A, D("500")), (B, D("300"))], terms())
    state, outcome = apply_bid(state, terms(), bidder_id=A, maximum=D("800"))
    assert (state.price, state.leader_max, outcome) == (D("310"), D("800"), "raised")


def test_the_leader_cannot_lower_or_repeat_their_maximum():
    state = replay([(A, D("500"))], terms())
    with pytest.raises(ValidationError) as exc:
        apply_bid(state, terms(), bidder_id=A, maximum=D("500"))
    assert exc.value.code == "not_above_own_maximum"


def test_a_bid_below_the_minimum_next_bid_is_refused_with_the_minimum():
    state = replay([(A, D("500")), (B, D("300"))], terms())
    assert minimum_next_bid(state, terms()) == D("320")
    with pytest.raises(ValidationError) as exc:
        apply_bid(state, terms(), bidder_id=C, maximum=D("315"))
    assert exc.value.code == "below_minimum" and exc.value.params["minimum"] == D("320")
    assert exc.value.messages == ["Oferta minimă este 320,00 lei."]  # written as every price is
    with pytest.raises(ValidationError):
        apply_bid(State(price=D("100")), terms(), bidder_id=C, maximum=D("99.99"))


def test_price_jumps_to_the_reserve_when_a_maximum_reaches_it():
    t = terms(reserve="400")
    assert replay([(A, D("500"))], t).price == D("400")
    below = replay([(A, D("300"))], t)
    assert below.price == D("100")
    raised, outcome = apply_bid(below, t, bidder_id=A, maximum=D("450"))
    assert (raised.price, outcome) == (D("400"), "raised")
    # Once the reserve is the price, a challenger moves it by the usual rule.
    assert replay([(A, D("450")), (B, D("420"))], t).price == D("430")
    # A maximum under the reserve: the ordinary rule, the reserve stays unmet.
    assert replay([(A, D("350")), (B, D("200"))], t).price == D("210")


def test_the_listing_increment_applies_to_proxy_steps():
    state = replay([(A, D("500")), (B, D("300"))], terms(listing_increment="50"))
    assert state.price == D("350")
