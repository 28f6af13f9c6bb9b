"""A bounded schemathesis pass over the storefront API (/pwa/api/openapi.json): no request may get a 5xx.

Run by ``scripts/schemathesis.sh`` (a step of ``.ci/run``); skipped in the ordinary suite, where
it would double the time. Fixed seed (derandomized) and a bounded number of examples per
operation, through Django's WSGI app, as a signed-in buyer with a CSRF token, over a few public
pieces, a live auction and a cart, so that the write routes are reached too.
"""

import contextlib
import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

from tests.factories import approved_vendor, customer, live_auction

from .conftest import public_piece

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "50"))

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("SCHEMATHESIS"), reason="run by scripts/schemathesis.sh (SCHEMATHESIS=1)"),
]


@pytest.fixture
def buyer_session():
    """Cookies and headers of a signed-in buyer, as the PWA sends them (session + CSRF header)."""
    vendor = approved_vendor()
    for n, price in enumerate(("450.00", "1200.00", "17586.00")):
        public_piece(vendor, title=f"Piesă {n}", price=price)
    live_auction(vendor)
    browser = Client()
    browser.force_login(customer())
    browser.get("/products/")  # sets the csrftoken cookie
    cookies = {name: morsel.value for name, morsel in browser.cookies.items()}
    return cookies, {"X-CSRFToken": cookies["csrftoken"]}


@pytest.fixture
def storefront_api(buyer_session):
    # Django's own test client keeps the test's connection open between requests; so must we.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/pwa/api/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def server_errors(operation, mode, *, cookies, headers, statuses: Counter) -> list[str]:
    """Up to three requests of ``operation`` in ``mode`` that got a 5xx, described for the reader."""
    seen: list[str] = []

    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case):
        response = case.call(cookies=cookies, headers=headers)
        statuses[response.status_code] += 1
        if response.status_code >= 500 and len(seen) < 3:
            seen.append(
                f"{case.method} {case.formatted_path} ({mode.value}) -> {response.status_code}: "
                f"path={case.path_parameters!r} query={case.query!r} body={case.body!r}\n{response.text[:600]}"
            )

    with contextlib.suppress(Unsatisfiable):  # e.g. no invalid input exists for an operation without parameters
        call()
    return seen


def test_no_request_gets_a_server_error(storefront_api, buyer_session):
    """Every operation, valid and invalid input (schemathesis' positive and negative modes)."""
    cookies, headers = buyer_session
    operations = [result.ok() for result in storefront_api.get_all_operations()]
    assert len(operations) > 20  # the whole API was loaded, not an empty schema
    statuses: Counter = Counter()
    failures = [
        failure
        for operation in operations
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
        for failure in server_errors(operation, mode, cookies=cookies, headers=headers, statuses=statuses)
    ]
    print("schemathesis: responses by status", dict(sorted(statuses.items())))
    assert not failures, "\n\n".join(failures)
    # the run reached the app as a signed-in buyer: successful writes, not only refusals
    assert statuses[200] and statuses[201] and statuses[422]
