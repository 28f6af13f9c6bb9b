"""SLA timers as pure functions: when a ticket's first answer and its resolution are due, time left, breaches.

The clock starts when the ticket is opened and does not pause (waiting on the customer included):
what the requester sees is how long they have waited. A target met late stays breached.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SlaTerms:
    first_response: timedelta
    resolution: timedelta

    @classmethod
    def from_minutes(cls, first_response: int, resolution: int) -> "SlaTerms":
        return cls(timedelta(minutes=first_response), timedelta(minutes=resolution))


@dataclass(frozen=True)
class SlaDue:
    first_response_due_at: datetime
    resolution_due_at: datetime


def sla_due(*, opened_at: datetime, terms: SlaTerms) -> SlaDue:
    return SlaDue(opened_at + terms.first_response, opened_at + terms.resolution)


@dataclass(frozen=True)
class SlaClock:
    first_response_left: timedelta | None  # None: answered (or no target)
    resolution_left: timedelta | None  # None: resolved (or no target)
    first_response_breached: bool
    resolution_breached: bool

    @property
    def breached(self) -> bool:
        return self.first_response_breached or self.resolution_breached

    @property
    def next_left(self) -> timedelta | None:
        """The nearer of the two open timers (negative when overdue)."""
        open_timers = [t for t in (self.first_response_left, self.resolution_left) if t is not None]
        return min(open_timers) if open_timers else None


def _timer(due: datetime | None, done_at: datetime | None, now: datetime) -> tuple[timedelta | None, bool]:
    if due is None:
        return None, False
    if done_at is not None:
        return None, done_at > due
    return due - now, now > due


def sla_clock(
    *, first_response_due_at: datetime | None, resolution_due_at: datetime | None,
    first_response_at: datetime | None, resolved_at: datetime | None, now: datetime,
) -> SlaClock:
    first_left, first_breached = _timer(first_response_due_at, first_response_at, now)
    resolution_left, resolution_breached = _timer(resolution_due_at, resolved_at, now)
    return SlaClock(first_left, resolution_left, first_breached, resolution_breached)


def duration_text(delta: timedelta) -> str:
    """"2 h 05 min", "3 d 4 h", "-15 min" (overdue): short enough for a queue column."""
    sign = "-" if delta < timedelta(0) else ""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{sign}{days} d {hours} h"
    if hours:
        return f"{sign}{hours} h {mins:02d} min"
    return f"{sign}{mins} min"
