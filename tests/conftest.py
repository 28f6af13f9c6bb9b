import pytest
from django.core.cache import cache

# The browser tests' shared fixtures: `browser` (system Chromium, every context CSP-watched) and `csp_watch`.
pytest_plugins = ["tests.browser.support"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()
