"""The request id: one token per HTTP request, on every log line it causes, jobs included.

The door's middleware (``config.request_id.RequestIdMiddleware``) binds the id nginx sends in
``X-Request-ID`` (or a new one); ``enqueue_after_commit`` hands it to each job it queues (the
task package carries it under ``request_id``, added on django-q2's ``pre_enqueue``), and the
worker binds it again while the job runs (``pre_execute``), so a job's log lines carry the id
of the request that asked for it. ``RequestIdLogFilter`` puts it on every log record.
"""

import logging
import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("snobistic_request_id", default="")
# What we accept from the proxy: nginx's $request_id is 32 hex digits; a client's own id is
# kept only when it is a plain token (no spaces or control characters to forge log lines with).
VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def request_id_current() -> str:
    """The id bound to this request or job, or "" outside any."""
    return _current.get()


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_clean(value: str | None) -> str:
    """``value`` when it is an acceptable id, else a new one."""
    return value if value and VALID.match(value) else request_id_new()


def request_id_bind(value: str):
    """Bind ``value``; returns the token ``request_id_reset`` takes."""
    return _current.set(value)


def request_id_reset(token) -> None:
    """Put back what was bound before ``token``; a token of another context (a job run synchronously
    in another thread, as the tests and the ORM broker do) just clears the id."""
    try:
        _current.reset(token)
    except ValueError:
        _current.set("")


@contextmanager
def request_id_bound(value: str):
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Adds ``record.request_id`` (empty outside a request or job) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = _current.get()
        return True
