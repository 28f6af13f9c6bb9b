"""Side effects leave after commit: the one way the domain queues a django-q2 job.

A job queued inside a transaction could run before the rows it reads are committed (or after
they were rolled back), so every service hands its jobs to ``enqueue_after_commit``, which
queues them from ``transaction.on_commit``. Outside a transaction the job is queued at once.
"""

from collections.abc import Callable

from django.db import transaction
from django_q.tasks import async_task


def task_path(task: str | Callable) -> str:
    """The dotted path django-q2 stores for ``task`` (a path already, or a module-level function)."""
    return task if isinstance(task, str) else f"{task.__module__}.{task.__qualname__}"


def enqueue_after_commit(
    task: str | Callable, *args, on_queued: Callable[[str], None] | None = None, **kwargs
) -> None:
    """Queue ``task(*args, **kwargs)`` once the current transaction commits (never if it rolls back).

    ``task`` is a dotted path ("marketplace.orders.tasks.notify_order") or the function itself;
    jobs take ids, never model instances. django-q2's own options go in ``q_options={...}``.
    ``on_queued(task_id)`` runs right after queuing, e.g. to keep the id on a job row.
    """
    path = task_path(task)

    def enqueue() -> None:
        task_id = async_task(path, *args, **kwargs)
        if on_queued is not None:
            on_queued(str(task_id or ""))

    transaction.on_commit(enqueue)
