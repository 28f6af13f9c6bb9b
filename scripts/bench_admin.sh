#!/usr/bin/env bash
# make bench-admin: the back offices' big changelists on PostgreSQL — 1,000,000 listings, 200,000 orders and
# their shipments, 2,000 shops and 52,000 accounts in a `snobistic_bench_admin` database (made once, by the
# database itself: manage.py bench_admin_seed), then each list's first page, a filter, a search and page 500
# timed through the whole Django stack as staff and as a shop. Prints staff_p95_ms=<n> vendor_p95_ms=<n>.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic_bench_admin}
export DJANGO_DEBUG=false
# shellcheck source=scripts/bench_db.sh
source scripts/bench_db.sh
bench_database_ready
$PY manage.py bench_admin_seed
$PY manage.py bench_admin "$@"
