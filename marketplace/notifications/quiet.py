"""Quiet hours: no push and no SMS between 22:00 and 08:00 in Bucharest; they leave at 08:00.

E-mail and the in-app inbox are not held back (they do not wake anyone). A code someone just
asked for (phone confirmation, sign-in) is not held back either: they are awake, waiting for it.
A person may turn quiet hours off for themselves (``QUIET_HOURS_KEY`` in their saved preferences).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import schedule

from marketplace.common.jobs import enqueue_after_commit, task_path

BUCHAREST = ZoneInfo("Europe/Bucharest")
QUIET_FROM = dt.time(22, 0)
QUIET_UNTIL = dt.time(8, 0)


# Kept beside the kinds in NotificationPreference.channels (no kind has this name): absent means on.
QUIET_HOURS_KEY = "quiet_hours"


def quiet_hours_on(channels: dict | None) -> bool:
    """Whether the person whose saved preferences are ``channels`` wants push and SMS held back at night."""
    return (channels or {}).get(QUIET_HOURS_KEY) is not False


def quiet_until(now: dt.datetime | None = None) -> dt.datetime | None:
    """08:00 Bucharest time next, if ``now`` falls in quiet hours; None otherwise (or when turned off)."""
    if not settings.NOTIFICATIONS_QUIET_HOURS:
        return None
    local = (now or timezone.now()).astimezone(BUCHAREST)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    day = local.date() + dt.timedelta(days=1) if local.time() >= QUIET_FROM else local.date()
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=BUCHAREST)


def enqueue_outside_quiet_hours(task, *args, now: dt.datetime | None = None, quiet: bool = True) -> dt.datetime | None:
    """Queue ``task`` now, or, in quiet hours, as a one-off django-q2 schedule at 08:00. Returns when it waits to.

    ``quiet=False``: the person turned quiet hours off; it leaves now whatever the time.
    """
    later = quiet_until(now) if quiet else None
    if later is None:
        enqueue_after_commit(task, *args)
        return None
    path = task_path(task)
    transaction.on_commit(
        lambda: schedule(path, *args, name=f"quiet:{path.rsplit('.', 1)[-1]}:{'-'.join(map(str, args))}"[:100],
                         schedule_type=Schedule.ONCE, next_run=later, repeats=1)
    )
    return later
