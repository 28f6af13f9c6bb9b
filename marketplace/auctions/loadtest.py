"""Many bidders on one hot auction, through auction_place_bid: the concurrency test and `make bench-bids` use this.

Each thread bids for its own bidder with a random maximum above the price it last saw; the run
records every answer (accepted with its outcome, refused with its code, or an unexpected
error) and the latency of each call. ``verify`` then replays the accepted bids in commit order
through the same proxy rule and counts what does not match.
"""

import random
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from . import increments
from .models import Auction, Bid
from .services import auction_place_bid
from .state import auction_terms


@dataclass
class Run:
    accepted: list[tuple[int, int, Decimal, str]] = field(default_factory=list)  # (bid id, bidder id, max, outcome)
    refused: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def attempts(self) -> int:
        return len(self.latencies_ms)


def run_bids(*, auction: Auction, bidders: list, total: int, threads: int, seed: int = 2026) -> Run:
    """Place ``total`` bids from ``threads`` threads at once (bidder i bids from thread i % threads)."""
    run, lock = Run(), threading.Lock()
    per_thread = [total // threads + (1 if i < total % threads else 0) for i in range(threads)]
    start_gate = threading.Barrier(threads)

    def worker(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        own = [b for n, b in enumerate(bidders) if n % threads == index] or [bidders[index % len(bidders)]]
        price = auction.current_price
        try:
            start_gate.wait()
            for n in range(per_thread[index]):
                bidder = own[n % len(own)]
                maximum = (price + Decimal(rng.randint(1, 150000)) / 100).quantize(Decimal("0.01"))
                began = time.perf_counter()
                try:
                    bid = auction_place_bid(auction=auction.pk, user=bidder, amount=maximum)
                except ValidationError as exc:
                    code = exc.code if not hasattr(exc, "error_dict") else "invalid_amount"
                    result = ("refused", code)
                    if code == "below_minimum":  # the answer names the minimum: bid from there next
                        price = exc.params["minimum"]
                except Exception as exc:  # what a door would turn into a 500
                    result = ("error", f"{type(exc).__name__}: {exc}")
                else:
                    result = ("accepted", (bid.pk, bidder.pk, maximum, bid.outcome))
                    price = bid.price_after
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    run.latencies_ms.append(elapsed)
                    if result[0] == "accepted":
                        run.accepted.append(result[1])
                    elif result[0] == "refused":
                        run.refused[result[1]] = run.refused.get(result[1], 0) + 1
                    else:
                        run.errors.append(result[1])
        finally:
            connection.close()

    close_old_connections()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    began = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


@dataclass
class Verdict:
    lost: int
    problems: list[str]


def verify(*, auction: Auction, run: Run) -> Verdict:
    """Count accepted bids missing from the history, and any leader/price/outcome the replay disagrees with."""
    auction.refresh_from_db()
    problems: list[str] = []
    history = list(Bid.objects.filter(auction=auction, round=auction.round).order_by("pk").values_list("pk", "user_id", "amount", "outcome", "price_after"))
    stored = {row[0] for row in history}
    missing = [bid_id for bid_id, *_ in run.accepted if bid_id not in stored]
    lost = len(missing)
    if missing:
        problems.append(f"{len(missing)} accepted bid(s) missing from the history")
    if len(history) != len(run.accepted):
        problems.append(f"history holds {len(history)} bids, {len(run.accepted)} were accepted")
    told = {bid_id: outcome for bid_id, _u, _m, outcome in run.accepted}
    terms = auction_terms(auction)
    state = increments.State(price=auction.starting_price)
    best = None
    for bid_id, user_id, amount, outcome, price_after in history:
        previous_price = state.price
        state, replayed = increments.apply_bid(state, terms, bidder_id=user_id, maximum=amount)
        if best is None or amount > best[1]:
            best = (user_id, amount)
        if state.price < previous_price:
            problems.append(f"bid {bid_id}: the price went down")
        if (state.leader_id, state.leader_max) != best:
            problems.append(f"bid {bid_id}: the leader is not the highest (earliest) maximum")
        if replayed != outcome or state.price != price_after:
            problems.append(f"bid {bid_id}: stored {outcome} at {price_after}, replay says {replayed} at {state.price}")
        if bid_id in told and told[bid_id] != replayed:
            problems.append(f"bid {bid_id}: the bidder was told {told[bid_id]}, replay says {replayed}")
    if (auction.leader_id, auction.current_price, auction.bids_count) != (state.leader_id, state.price, state.bids_count):
        problems.append(
            f"auction shows leader {auction.leader_id} at {auction.current_price} ({auction.bids_count} bids); "
            f"replay gives {state.leader_id} at {state.price} ({state.bids_count})"
        )
        lost += 1
    return Verdict(lost=lost, problems=problems)
