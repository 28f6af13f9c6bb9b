"""The signed-in user read from the shared cache (issue 20): what it saves, and that it never trusts a stale row."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.session_user import cached_get_user, user_cache_key

pytestmark = pytest.mark.django_db

CACHED = override_settings(
    AUTH_USER_CACHE_SECONDS=300, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _user(email="ana-cache@example.com", password="parola-lunga-2026"):  # noqa: S107 (a test password)
    return get_user_model().objects.create_user(username=email, email=email, password=password)


def _session_for(user) -> SessionStore:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session


def _request(session_key) -> HttpRequest:
    request = HttpRequest()
    request.session = SessionStore(session_key)
    return request


@CACHED
def test_the_second_request_reads_neither_session_nor_user_from_the_database(client):
    user = _user()
    client.force_login(user)
    client.get("/pwa/api/ping")
    with CaptureQueriesContext(connection) as first_after_login:
        assert client.get("/pwa/api/ping").status_code == 200
    assert [q["sql"] for q in first_after_login.captured_queries] == []
    assert cache.get(user_cache_key(user.pk)).email == user.email


def test_without_the_setting_the_user_comes_from_the_database(client):
    user = _user()
    client.force_login(user)
    client.get("/pwa/api/ping")
    with CaptureQueriesContext(connection) as queries:
        client.get("/pwa/api/ping")
    assert any("accounts_user" in q["sql"] for q in queries.captured_queries)
    assert cache.get(user_cache_key(user.pk)) is None


@CACHED
def test_a_cached_user_is_the_signed_in_one_and_a_save_is_seen_at_once():
    user = _user()
    session = _session_for(user)
    assert cached_get_user(_request(session.session_key)).pk == user.pk
    user.first_name = "Ana"
    user.save()
    assert cache.get(user_cache_key(user.pk)) is None  # dropped by the save
    with CaptureQueriesContext(connection) as queries:
        seen = cached_get_user(_request(session.session_key))
    assert seen.first_name == "Ana"
    assert any("accounts_user" in q["sql"] for q in queries.captured_queries)


@CACHED
def test_a_password_change_signs_out_other_sessions_even_with_the_user_cached():
    user = _user()
    session = _session_for(user)
    assert cached_get_user(_request(session.session_key)).is_authenticated  # now cached
    user.set_password("alta-parola-lunga-2026")
    user.save()
    request = _request(session.session_key)
    assert not cached_get_user(request).is_authenticated
    assert request.session.is_empty()  # Django's own check flushed it


@CACHED
def test_a_deactivated_account_is_signed_out_even_when_the_save_skipped_signals():
    user = _user()
    session = _session_for(user)
    assert cached_get_user(_request(session.session_key)).is_authenticated
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)  # no post_save: the cache still holds it
    stale = cache.get(user_cache_key(user.pk))
    stale.is_active = False  # as a row cached after the change would be
    cache.set(user_cache_key(user.pk), stale)
    assert not cached_get_user(_request(session.session_key)).is_authenticated


@CACHED
def test_a_session_whose_hash_does_not_match_the_cached_row_is_checked_in_full():
    user = _user()
    session = _session_for(user)
    cached_get_user(_request(session.session_key))
    forged = SessionStore()
    forged[SESSION_KEY] = str(user.pk)
    forged[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    forged[HASH_SESSION_KEY] = "0" * 64
    forged.save()
    request = _request(forged.session_key)
    assert not cached_get_user(request).is_authenticated
    assert request.session.is_empty()


@CACHED
def test_a_deleted_user_is_dropped_from_the_cache():
    user = _user()
    session = _session_for(user)
    cached_get_user(_request(session.session_key))
    pk = user.pk
    user.delete()
    assert cache.get(user_cache_key(pk)) is None
    assert not cached_get_user(_request(session.session_key)).is_authenticated
