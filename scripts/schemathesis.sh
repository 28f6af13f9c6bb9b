#!/usr/bin/env bash
# Bounded schemathesis passes over the storefront API (/pwa/api/openapi.json) and the partner REST API
# (/api/schema/) that fail on any 5xx:
# every operation, valid and invalid input, a fixed seed and SCHEMATHESIS_EXAMPLES examples per
# operation and mode (50 by default, under a minute on SQLite), as a signed-in buyer.
# The test itself is tests/storefront/test_api_schemathesis.py; the ordinary suite skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS=1 SCHEMATHESIS_EXAMPLES="${SCHEMATHESIS_EXAMPLES:-50}" \
  .venv/bin/python -m pytest -q -s tests/storefront/test_api_schemathesis.py tests/api/test_api_schemathesis.py "$@"
