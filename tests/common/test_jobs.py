"""enqueue_after_commit: the one way the domain queues a job, always after the commit."""

import pytest
from django.db import transaction

from marketplace.common import jobs
from marketplace.common.jobs import enqueue_after_commit, task_path

RAN = []


def record(*args, **kwargs):
    RAN.append((args, kwargs))
    return "done"


@pytest.fixture(autouse=True)
def _reset():
    RAN.clear()


@pytest.mark.django_db
def test_the_job_runs_only_once_the_transaction_commits(django_capture_on_commit_callbacks):
    # Given a service that queues a job inside its transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue_after_commit("tests.common.test_jobs.record", 7, "paid")
        # When nothing is committed yet, then nothing ran
        assert RAN == []
    # Then it ran after the commit, with its arguments (the test settings run django-q2 in sync mode)
    assert len(callbacks) == 1
    assert RAN == [((7, "paid"), {})]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_queues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_after_commit(record, 1)
        raise RuntimeError
    assert RAN == []


@pytest.mark.django_db
def test_options_reach_django_q_and_the_task_id_comes_back(monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(jobs, "async_task", lambda path, *args, **kwargs: queued.append((path, args, kwargs)) or "abc123")
    ids = []
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(record, 3, q_options={"timeout": 60}, on_queued=ids.append)
    assert queued == [("tests.common.test_jobs.record", (3,), {"q_options": {"timeout": 60, "broker": jobs.process_broker()}})]
    assert ids == ["abc123"]


@pytest.mark.django_db
def test_every_job_of_a_process_goes_through_one_broker(monkeypatch, django_capture_on_commit_callbacks):
    # django-q2 alone would build a broker (with Redis: a new connection) for every job
    queued = []
    monkeypatch.setattr(jobs, "async_task", lambda path, *args, **kwargs: queued.append(kwargs["q_options"]["broker"]))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(record, 1)
        enqueue_after_commit(record, 2)
    assert len(queued) == 2 and queued[0] is queued[1] is jobs.process_broker()


def test_a_function_is_queued_by_its_dotted_path():
    assert task_path(record) == "tests.common.test_jobs.record"
    assert task_path("marketplace.orders.tasks.notify_order") == "marketplace.orders.tasks.notify_order"
