"""The health of the periodic jobs (django-q2 schedules) and the retry of a failed job.

A task made by a schedule carries the schedule's name as its ``group`` (django-q2's scheduler
sets ``group = schedule.name or schedule.id``), so each schedule's last run, last success and
failures are read from ``django_q.Task`` rows of that group, as subqueries of one query.

A schedule is *late* when it has not run in twice its interval: for a fixed interval, no run in
the last 2 × interval; for a cron expression, no run since the second-latest time the expression
fired (two due runs missed). A schedule that never ran is measured from the due time before its
``next_run`` (as if it had run then), so a schedule synced a minute ago is not late.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from auditlog.models import LogEntry as AuditEntry
from croniter import croniter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q.models import Failure, Schedule, Task
from django_q.tasks import async_task

FAILURE_WINDOW = timedelta(days=7)
RECENT_FAILURES = 20

FIXED_INTERVALS = {
    Schedule.HOURLY: timedelta(hours=1),
    Schedule.DAILY: timedelta(days=1),
    Schedule.WEEKLY: timedelta(weeks=1),
    Schedule.BIWEEKLY: timedelta(weeks=2),
    Schedule.MONTHLY: timedelta(days=31),
    Schedule.BIMONTHLY: timedelta(days=62),
    Schedule.QUARTERLY: timedelta(days=92),
    Schedule.YEARLY: timedelta(days=366),
}


def schedule_interval(schedule: Schedule) -> timedelta | None:
    """The fixed time between two runs; None for a one-off or a cron schedule."""
    if schedule.schedule_type == Schedule.MINUTES:
        return timedelta(minutes=schedule.minutes or 1)
    return FIXED_INTERVALS.get(schedule.schedule_type)


def _cron_fires_before(expression: str, moment: datetime, count: int) -> list[datetime]:
    """The ``count`` latest times ``expression`` fired at or before ``moment`` (newest first), in local time."""
    it = croniter(expression, timezone.localtime(moment))
    return [it.get_prev(datetime) for _ in range(count)]


def schedule_late(schedule: Schedule, *, last_run: datetime | None, now: datetime) -> bool:
    """True when the schedule has not run in twice its interval (see the module's docstring)."""
    if schedule.schedule_type == Schedule.ONCE or (schedule.repeats == 0):
        return False
    if schedule.schedule_type == Schedule.CRON:
        if not schedule.cron:
            return False
        cutoff = _cron_fires_before(schedule.cron, now, 2)[1]
        if last_run is None:
            if schedule.next_run is None:
                return True
            last_run = _cron_fires_before(schedule.cron, schedule.next_run - timedelta(seconds=1), 1)[0]
        return last_run < cutoff
    interval = schedule_interval(schedule)
    if interval is None:
        return False
    if last_run is None:
        if schedule.next_run is None:
            return True
        last_run = schedule.next_run - interval
    return now - last_run > 2 * interval


@dataclass(frozen=True)
class ScheduleHealth:
    schedule: Schedule
    last_run: datetime | None
    last_run_ok: bool | None
    last_success: datetime | None
    last_failure: datetime | None
    last_failure_id: str | None
    failures: int  # in the last FAILURE_WINDOW
    late: bool
    interval: timedelta | None


def schedule_health(*, now: datetime | None = None) -> list[ScheduleHealth]:
    """Every schedule with its last run, next run and recent failures: one query, whatever their number."""
    now = now or timezone.now()
    tasks = Task.objects.filter(group=OuterRef("group_key"))
    latest = tasks.order_by("-stopped")
    schedules = (
        Schedule.objects.annotate(group_key=Coalesce("name", Cast("id", CharField())))
        .annotate(
            last_run=Subquery(latest.values("stopped")[:1]),
            last_run_ok=Subquery(latest.values("success")[:1]),
            last_success=Subquery(latest.filter(success=True).values("stopped")[:1]),
            last_failure=Subquery(latest.filter(success=False).values("stopped")[:1]),
            last_failure_id=Subquery(latest.filter(success=False).values("id")[:1]),
            failures=Coalesce(
                Subquery(
                    tasks.filter(success=False, stopped__gte=now - FAILURE_WINDOW)
                    .order_by()
                    .values("group")
                    .annotate(n=Count("id"))
                    .values("n")[:1]
                ),
                0,
            ),
        )
        .order_by("name", "id")
    )
    return [
        ScheduleHealth(
            schedule=s,
            last_run=s.last_run,
            last_run_ok=s.last_run_ok,
            last_success=s.last_success,
            last_failure=s.last_failure,
            last_failure_id=s.last_failure_id,
            failures=s.failures,
            late=schedule_late(s, last_run=s.last_run, now=now),
            interval=schedule_interval(s),
        )
        for s in schedules
    ]


def recent_failures(limit: int = RECENT_FAILURES):
    """The latest failed jobs (scheduled or not), newest first, without their pickled payloads."""
    return Failure.objects.defer("args", "kwargs", "result").order_by("-stopped")[:limit]


def _job_label(task: Task) -> str:
    return f"{task.group or task.func} [{task.id}]"


@transaction.atomic
def failed_task_retry(*, task_id: str, actor) -> str:
    """Queue a failed job again with the same function and arguments; returns the new task id.

    The failure row is locked and removed (as django-q2's own "resubmit" does), so two clicks
    queue it once; the audit trail keeps who retried what, and the new task's id. Raises
    ValidationError(code="job_not_failed") when there is no such failed job (any more).
    """
    failure = Failure.objects.select_for_update().filter(pk=task_id).first()
    if failure is None:
        raise ValidationError(_("This failed job no longer exists: it was retried or cleaned up."), code="job_not_failed")
    args = tuple(failure.args or ())
    kwargs = dict(failure.kwargs or {})
    q_options = dict(kwargs.pop("q_options", None) or {})
    if failure.group:
        q_options["group"] = failure.group
    if failure.hook:
        q_options["hook"] = failure.hook
    label = _job_label(failure)
    new_id = str(async_task(failure.func, *args, q_options=q_options, **kwargs) or "")
    AuditEntry.objects.log_create(
        failure,
        force_log=True,
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        object_repr=label,
        changes={"retried": [failure.id, new_id], "function": [failure.func, failure.func]},
    )
    Task.objects.filter(pk=failure.pk, success=False).delete()
    return new_id

