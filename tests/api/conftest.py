"""Clients of the partner API: anonymous, or signed in with a bearer token issued the way apps get one."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.accounts.tokens import api_token_issue


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # the throttles count in the cache: one test's calls never slow another's
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def bearer(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=user).secret}")
    return client
