"""/healthz/ (readiness: database, Redis, storage) and /livez/ (liveness: touches nothing)."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from config import health


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_is_ready_when_everything_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "storage": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # a probe neither opens a session nor sets a CSRF cookie


@pytest.mark.django_db
@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_healthz_pings_a_real_redis(client):
    with override_settings(REDIS_URL="redis://127.0.0.1:6379/15"):
        response = client.get("/healthz/")
    assert response.status_code == 200 and response.json()["checks"]["redis"] == "ok"


@pytest.mark.django_db
def test_healthz_is_unready_when_redis_does_not_answer(client):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0"):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "redis": "unavailable", "storage": "ok"}}


@pytest.mark.django_db
def test_healthz_is_unready_when_the_database_does_not_answer(client):
    def down():
        raise OperationalError("connection refused")

    with mock.patch.dict(health.CHECKS, database=down):
        response = client.get("/healthz/")
    assert response.status_code == 503 and response.json()["checks"]["database"] == "unavailable"


@pytest.mark.django_db
def test_healthz_is_unready_when_the_storage_does_not_answer(client):
    with mock.patch.object(health.default_storage, "exists", side_effect=OSError("bucket unreachable")):
        response = client.get("/healthz/")
    assert response.status_code == 503 and response.json()["checks"]["storage"] == "unavailable"


def test_livez_touches_nothing(client):
    """No django_db mark: any query would fail the test; the readiness checks would raise."""
    with mock.patch.dict(health.CHECKS, {name: mock.Mock(side_effect=AssertionError) for name in health.CHECKS}):
        response = client.get("/livez/")
    assert response.status_code == 200 and response.content == b"ok"
