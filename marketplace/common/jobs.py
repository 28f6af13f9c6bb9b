"""Side effects leave after commit: the one way the domain queues a django-q2 job.

A job queued inside a transaction could run before the rows it reads are committed (or after
they were rolled back), so every service hands its jobs to ``enqueue_after_commit``, which
queues them from ``transaction.on_commit``. Outside a transaction the job is queued at once.
"""

import logging
import os
from collections.abc import Callable

from django.db import transaction
from django_q.brokers import Broker, get_broker
from django_q.signals import post_execute_in_worker, pre_enqueue, pre_execute
from django_q.tasks import async_task

from .request_id import request_id_bind, request_id_bound, request_id_current

logger = logging.getLogger(__name__)


def task_path(task: str | Callable) -> str:
    """The dotted path django-q2 stores for ``task`` (a path already, or a module-level function)."""
    return task if isinstance(task, str) else f"{task.__module__}.{task.__qualname__}"


def enqueue_after_commit(
    task: str | Callable, *args, on_queued: Callable[[str], None] | None = None, q_options: dict | None = None,
    **kwargs,
) -> None:
    """Queue ``task(*args, **kwargs)`` once the current transaction commits (never if it rolls back).

    ``task`` is a dotted path ("marketplace.orders.tasks.notify_order") or the function itself;
    jobs take ids, never model instances. django-q2's own options go in ``q_options={...}``.
    ``on_queued(task_id)`` runs right after queuing, e.g. to keep the id on a job row.
    """
    path = task_path(task)
    request_id = request_id_current()  # the job's log lines carry the request's id (request_id.py)

    def enqueue() -> None:
        options = {"broker": process_broker(), **(q_options or {})}
        with request_id_bound(request_id):
            task_id = async_task(path, *args, q_options=options, **kwargs)
        if on_queued is not None:
            on_queued(str(task_id or ""))

    transaction.on_commit(enqueue)


_brokers: dict[int, Broker] = {}


def process_broker() -> Broker:
    """This process's django-q2 broker (made again after a fork).

    Left to itself ``async_task`` builds a broker for every job — with Redis a new connection pool,
    so a new connection (and redis-py reading its own package metadata) per job, on the request's
    thread: the bid path queues one on every change of leader. The Redis client is thread-safe.
    """
    pid = os.getpid()
    broker = _brokers.get(pid)
    if broker is None:
        broker = _brokers[pid] = get_broker()
    return broker


# --- django-q2: the id travels in the task package --------------------------------------------
def _on_enqueue(sender, task: dict, **kwargs) -> None:
    current = request_id_current()
    if current and not task.get("request_id"):
        task["request_id"] = current


def _on_execute(sender, task: dict, **kwargs) -> None:
    request_id_bind(task.get("request_id", ""))  # the worker's context: unbound again when the job ends
    logger.info("job %s started: %s", task.get("id", ""), task_path(task.get("func", "")))


def _on_executed(sender, task: dict, **kwargs) -> None:
    logger.info(
        "job %s %s: %s", task.get("id", ""), "done" if task.get("success") else "failed", task_path(task.get("func", ""))
    )
    request_id_bind("")


def request_id_connect_jobs() -> None:
    """Connect the django-q2 signals (CommonConfig.ready)."""
    pre_enqueue.connect(_on_enqueue, dispatch_uid="snobistic_request_id_enqueue")
    pre_execute.connect(_on_execute, dispatch_uid="snobistic_request_id_execute")
    post_execute_in_worker.connect(_on_executed, dispatch_uid="snobistic_request_id_executed")
