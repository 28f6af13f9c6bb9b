"""A bounded schemathesis pass over the partner REST API (/api/schema/): no request may get a 5xx.

Run by ``scripts/schemathesis.sh`` (a step of ``.ci/run``) beside the storefront API's pass; skipped in
the ordinary suite. Fixed seed, a bounded number of examples per operation, valid and invalid input,
through Django's WSGI app with a buyer's bearer token, over a few public pieces and a live auction.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.throttling import SimpleRateThrottle

from marketplace.accounts.tokens import api_token_issue
from tests.factories import approved_vendor, buyable, customer, live_auction
from tests.storefront.test_api_schemathesis import server_errors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("SCHEMATHESIS"), reason="run by scripts/schemathesis.sh (SCHEMATHESIS=1)"),
]


@pytest.fixture
def partner_api(monkeypatch):
    # no throttling here: the run measures crashes, not the rate limits (they have their own test)
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min")  # every scope, lifted
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_partner_api_request_gets_a_server_error(partner_api):
    vendor = approved_vendor()
    for n, price in enumerate(("450.00", "1200.00", "17586.00")):
        buyable(vendor, title=f"Piesă {n}", price=price)
    live_auction(vendor)
    headers = {"Authorization": f"Bearer {api_token_issue(user=customer()).secret}"}
    operations = [result.ok() for result in partner_api.get_all_operations()]
    assert len(operations) > 20
    statuses: Counter = Counter()
    failures = [
        failure
        for operation in operations
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
        for failure in server_errors(operation, mode, cookies={}, headers=headers, statuses=statuses)
    ]
    print("schemathesis (partner API): responses by status", dict(sorted(statuses.items())))
    assert not failures, "\n\n".join(failures)
    assert statuses[200] and statuses[400]
