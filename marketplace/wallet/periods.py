"""Calendar months as statements and commission invoices count them: in Bucharest time.

A month starts at 00:00 Europe/Bucharest on its first day (22:00 or 21:00 UTC the evening before)
and ends where the next one starts; an entry posted at 23:59:59 on the 31st belongs to that month
even though it is already the 1st in UTC.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

_PERIOD = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})", re.ASCII)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_parse(text: str) -> date:
    """"2026-11" → 1 November 2026; anything else is refused (code ``statement_period_invalid``)."""
    match = _PERIOD.fullmatch(str(text or "").strip())
    if match is None or not 1 <= int(match["month"]) <= 12 or int(match["year"]) < 2000:
        raise ValidationError(
            _("A month is written as YYYY-MM, for example 2026-11."), code="statement_period_invalid",
        )
    return date(int(match["year"]), int(match["month"]), 1)


def next_period(period: date) -> date:
    return date(period.year + (period.month == 12), period.month % 12 + 1, 1)


def previous_period(period: date) -> date:
    return date(period.year - (period.month == 1), (period.month - 2) % 12 + 1, 1)


def period_start(period: date) -> datetime:
    """The aware instant the month begins, in Bucharest."""
    return datetime(period.year, period.month, 1, tzinfo=local_zone())


def period_bounds(period: date) -> tuple[datetime, datetime]:
    return period_start(period), period_start(next_period(period))


def current_period(now: datetime | None = None) -> date:
    local = timezone.localtime(now or timezone.now(), local_zone())
    return date(local.year, local.month, 1)


def last_closed_period(now: datetime | None = None) -> date:
    """The month that ended most recently (what the job on the 1st makes documents for)."""
    return previous_period(current_period(now))


def period_label(period: date) -> str:
    """"noiembrie 2026" / "November 2026" in the active language (Django's own month names)."""
    return f"{MONTHS[period.month]} {period.year}"
