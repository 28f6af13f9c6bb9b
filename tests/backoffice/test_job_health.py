"""Issue 18: the staff back office shows each periodic job's last run, next run and failures, flags one
that has not run in twice its interval, and queues a failed job again (permission-checked, audited)."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry as AuditEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_q.models import Failure, Schedule, Success, Task

from marketplace.administration.jobs import failed_task_retry, schedule_health, schedule_late
from marketplace.administration.roles import ADMIN
from tests.factories import UserFactory, customer, login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db

BUCHAREST = ZoneInfo("Europe/Bucharest")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=BUCHAREST)  # a Tuesday
CALLS: list[tuple] = []


def recorded_job(*args, **kwargs):
    """What a retried job runs (the test's own function, by dotted path)."""
    CALLS.append((args, kwargs))
    return "ok"


def task(group, *, minutes_ago, success=True, func="marketplace.orders.tasks.expire_unpaid_orders", args=(), kwargs=None):
    stopped = NOW - timedelta(minutes=minutes_ago)
    return Task.objects.create(
        id=uuid.uuid4().hex, name=f"{group}-{minutes_ago}", func=func, group=group, args=args, kwargs=kwargs or {},
        started=stopped - timedelta(seconds=2), stopped=stopped, success=success, attempt_count=1,
        result="ok" if success else "Traceback: boom",
    )


def schedule(name, **fields):
    fields.setdefault("schedule_type", Schedule.MINUTES)
    if fields["schedule_type"] == Schedule.MINUTES:
        fields.setdefault("minutes", 10)
    fields.setdefault("next_run", NOW + timedelta(minutes=5))
    return Schedule.objects.create(name=name, func="marketplace.orders.tasks.expire_unpaid_orders", **fields)


@pytest.fixture
def admin_client(client):
    login_with_second_factor(client, UserFactory(roles=[ADMIN], is_staff=True))
    return client


@pytest.fixture
def manager_client(client):
    login_with_second_factor(client, shop_manager())
    return client


# --- "has not run in twice its interval" -------------------------------------------------------
@pytest.mark.parametrize(("minutes_ago", "late"), [(19, False), (20, False), (21, True)])
def test_an_every_ten_minutes_job_is_late_after_twenty_minutes_without_a_run(minutes_ago, late):
    s = schedule("orders.expire_unpaid_orders")
    assert schedule_late(s, last_run=NOW - timedelta(minutes=minutes_ago), now=NOW) is late


def test_a_job_that_never_ran_is_measured_from_its_due_time():
    fresh = schedule("fresh", next_run=NOW + timedelta(minutes=3))
    assert schedule_late(fresh, last_run=None, now=NOW) is False
    stuck = schedule("stuck", next_run=NOW - timedelta(minutes=11))  # due 11 min ago: "ran" 21 min ago
    assert schedule_late(stuck, last_run=None, now=NOW) is True


def test_a_daily_cron_job_is_late_once_two_of_its_runs_were_missed():
    s = schedule("accounts.clear_expired_sessions", schedule_type=Schedule.CRON, cron="15 3 * * *")
    monday_run = datetime(2026, 11, 30, 3, 15, 4, tzinfo=BUCHAREST)
    sunday_run = datetime(2026, 11, 29, 3, 15, 4, tzinfo=BUCHAREST)
    assert schedule_late(s, last_run=monday_run, now=NOW) is False  # today's 03:15 missed: one run
    assert schedule_late(s, last_run=sunday_run, now=NOW) is True  # Monday's and today's missed


def test_a_weekday_cron_job_is_not_late_over_the_weekend():
    s = schedule("weekday", schedule_type=Schedule.CRON, cron="0 9 * * 1-5")
    friday_run = datetime(2026, 11, 27, 9, 0, 3, tzinfo=BUCHAREST)
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=BUCHAREST)
    assert schedule_late(s, last_run=friday_run, now=monday) is False
    assert schedule_late(s, last_run=friday_run, now=monday + timedelta(days=1)) is True


def test_a_one_off_schedule_is_never_late():
    s = schedule("once", schedule_type=Schedule.ONCE, next_run=NOW - timedelta(days=3))
    assert schedule_late(s, last_run=None, now=NOW) is False


def test_health_reads_last_run_success_and_failures_per_schedule():
    schedule("orders.expire_unpaid_orders")
    task("orders.expire_unpaid_orders", minutes_ago=3, success=False)
    task("orders.expire_unpaid_orders", minutes_ago=13)
    task("orders.expire_unpaid_orders", minutes_ago=23, success=False)
    task("orders.expire_unpaid_orders", minutes_ago=60 * 24 * 8, success=False)  # outside the 7 days
    task("other", minutes_ago=1, success=False)
    with time_machine.travel(NOW, tick=False):
        (row,) = schedule_health()
    assert row.last_run == NOW - timedelta(minutes=3)
    assert row.last_run_ok is False
    assert row.last_success == NOW - timedelta(minutes=13)
    assert row.failures == 2
    assert row.late is False


# --- the page ------------------------------------------------------------------------------------
def test_the_page_flags_a_late_job_in_romanian_without_a_retry_button_for_a_manager(manager_client):
    schedule("orders.expire_unpaid_orders")
    task("orders.expire_unpaid_orders", minutes_ago=45, success=False)
    schedule("orders.complete_orders", schedule_type=Schedule.HOURLY)
    task("orders.complete_orders", minutes_ago=30)
    with time_machine.travel(NOW, tick=False):
        response = manager_client.get(reverse("job_health"), HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-schedule="orders.expire_unpaid_orders" data-late' in page
    assert 'data-schedule="orders.complete_orders">' in page
    assert "Întârziat" in page and "Ultima rulare" in page and "Următoarea rulare" in page
    assert "nu a rulat de două ori cât intervalul" in page
    assert "data-retry" not in page  # the manager may look, not retry
    assert reverse("job_health") in page  # in the staff menu


def test_the_page_reads_a_constant_number_of_queries(admin_client):
    def count():
        with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse("job_health")).status_code == 200
        return len(captured.captured_queries)

    schedule("a")
    task("a", minutes_ago=5, success=False)
    few = count()
    for n in range(8):
        schedule(f"job-{n}")
        task(f"job-{n}", minutes_ago=5, success=False)
        task(f"job-{n}", minutes_ago=15)
    assert few > 0 and count() == few


def test_a_buyer_cannot_open_the_page(client):
    login_with_second_factor(client, customer())
    response = client.get(reverse("job_health"))
    assert response.status_code in (302, 403)


# --- retrying a failed job ----------------------------------------------------------------------
def test_an_admin_retries_a_failed_job_once_and_the_retry_is_audited(admin_client):
    CALLS.clear()
    schedule("orders.expire_unpaid_orders")
    failed = task(
        "orders.expire_unpaid_orders", minutes_ago=5, success=False,
        func="tests.backoffice.test_job_health.recorded_job", args=(7,), kwargs={"dry_run": False},
    )
    page = admin_client.get(reverse("job_health"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert f'data-retry="{failed.id}"' in page
    response = admin_client.post(reverse("job_retry", args=[failed.id]), HTTP_ACCEPT_LANGUAGE="ro", follow=True)
    assert response.status_code == 200
    assert CALLS == [((7,), {"dry_run": False})]  # the same function and arguments (jobs run inline in tests)
    assert not Failure.objects.filter(pk=failed.pk).exists()
    retried = Success.objects.get(group="orders.expire_unpaid_orders")  # it counts as the schedule's run
    entry = AuditEntry.objects.get(object_pk=failed.pk)
    assert entry.actor is not None and entry.changes_dict["retried"] == [failed.id, retried.id]
    assert "din nou" in response.content.decode()
    # A second click (or a stale page) queues nothing more.
    again = admin_client.post(reverse("job_retry", args=[failed.id]), HTTP_ACCEPT_LANGUAGE="ro", follow=True)
    assert len(CALLS) == 1
    assert "nu mai există" in again.content.decode()


def test_a_manager_cannot_retry(manager_client):
    failed = task("x", minutes_ago=5, success=False, func="tests.backoffice.test_job_health.recorded_job")
    assert manager_client.post(reverse("job_retry", args=[failed.id])).status_code == 403
    assert Failure.objects.filter(pk=failed.pk).exists()
    assert manager_client.get(reverse("job_retry", args=[failed.id])).status_code in (403, 405)


def test_retry_refuses_a_job_that_did_not_fail():
    done = task("x", minutes_ago=5, success=True)
    with pytest.raises(Exception) as exc:
        failed_task_retry(task_id=done.id, actor=None)
    assert exc.value.code == "job_not_failed"
    assert timezone.is_aware(done.stopped)
