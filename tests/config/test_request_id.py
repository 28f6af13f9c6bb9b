"""Request ids: taken from nginx's X-Request-ID (or made), on every JSON log line, carried into jobs."""

import contextvars
import io
import json
import logging

import pytest
from django.http import HttpResponse
from django_q.brokers import get_broker
from django_q.signing import SignedPackage
from django_q.tasks import _sync

from config.logging import SnobisticJsonFormatter
from config.request_id import RequestIdMiddleware
from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.request_id import RequestIdLogFilter, request_id_current

JOB_LOGGER = "tests.request_id.job"


def job_that_logs(word: str) -> str:
    """The job under test: what it logs must carry the id of the request that queued it."""
    logging.getLogger(JOB_LOGGER).info("job ran with %s", word)
    return word


@pytest.fixture
def json_lines():
    """Records of the test loggers, formatted as production formats them (config.logging)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SnobisticJsonFormatter())
    handler.addFilter(RequestIdLogFilter())
    loggers = [logging.getLogger(JOB_LOGGER), logging.getLogger("tests.request_id.view")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def _view(request):
    logging.getLogger("tests.request_id.view").info("answering %s", request.path)
    return HttpResponse("ok")


def test_the_proxy_id_is_kept_and_answered(rf, json_lines):
    response = RequestIdMiddleware(_view)(rf.get("/x/", HTTP_X_REQUEST_ID="4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99"))
    assert response["X-Request-ID"] == "4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99"
    [line] = json_lines()
    assert line == {
        "time": line["time"], "level": "INFO", "logger": "tests.request_id.view",
        "message": "answering /x/", "request_id": "4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99",
    }
    assert request_id_current() == ""  # unbound after the request


@pytest.mark.parametrize("sent", [None, "", "short", "has space in it", "x" * 200, "line\nbreak-forged-entry"])
def test_a_missing_or_unsafe_id_is_replaced_by_a_new_one(rf, json_lines, sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = RequestIdMiddleware(_view)(rf.get("/x/", **headers))
    made = response["X-Request-ID"]
    assert made != sent and len(made) == 32 and int(made, 16) >= 0
    assert json_lines()[0]["request_id"] == made


def test_an_error_keeps_its_traceback_inside_one_json_line(json_lines):
    logger = logging.getLogger("tests.request_id.view")
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("it broke")
    [line] = json_lines()
    assert line["level"] == "ERROR" and "ValueError: boom" in line["exc_info"] and line["request_id"] == ""


@pytest.mark.django_db
def test_a_job_logs_the_id_of_the_request_that_queued_it(rf, json_lines, django_capture_on_commit_callbacks):
    """The job goes through the broker (the ORM one here) and runs in a fresh context, as a worker
    process would; the id reaches it only inside the task package."""

    def view(request):
        enqueue_after_commit(job_that_logs, "cerise", q_options={"sync": False})
        return HttpResponse("queued")

    # on_commit runs after the middleware has already unbound the id: the id queued is the one
    # enqueue_after_commit saw when it was asked.
    with django_capture_on_commit_callbacks(execute=True):
        response = RequestIdMiddleware(view)(rf.post("/x/", HTTP_X_REQUEST_ID="req-7f00aa11bb22"))
    assert response["X-Request-ID"] == "req-7f00aa11bb22"

    [(_ack, pack)] = get_broker().dequeue()
    task = SignedPackage.loads(pack)
    assert task["request_id"] == "req-7f00aa11bb22"
    task["sync"] = True  # run in this process (the test's transaction stays open)

    def worker_process():
        assert request_id_current() == ""
        _sync(SignedPackage.dumps(task))
        assert request_id_current() == ""  # unbound when the job is done

    contextvars.Context().run(worker_process)
    [line] = json_lines()
    assert line["message"] == "job ran with cerise" and line["request_id"] == "req-7f00aa11bb22"
