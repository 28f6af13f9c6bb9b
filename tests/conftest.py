import pytest
from django.core.cache import cache

# The browser tests' shared fixtures: `browser` (system Chromium, every context CSP-watched) and `csp_watch`.
pytest_plugins = ["tests.browser.support"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Leave the database as migrations made it after any transactional test.

    Such a test commits, so pytest-django empties every table afterwards; the roles, groups
    and permissions written by data migrations would be gone for a later transactional test
    that asks for ``serialized_rollback`` (its snapshot would collide with content types re-created
    with new ids) or that does not (the roles would be missing). They are loaded back here, after
    every transactional test of the suite.
    """
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if nextitem is None:
        # The last test: the test database is already gone and the connection points at the
        # real one again (pytest-django runs transactional tests last); nothing to restore for.
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        from django.core.management import call_command

        with item.config.stash[blocking_manager_key].unblock():
            # Without serialized_rollback the flush re-ran post_migrate (content types, permissions
            # with new ids): empty the tables again so the snapshot goes back as it was taken.
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(contents)
