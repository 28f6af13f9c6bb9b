#!/usr/bin/env bash
# make load / make bench-bids-http: production's gunicorn (config/gunicorn.py) on 127.0.0.1 over the
# benchmark database (snobistic_bench: 10,000 pieces, PostgreSQL; Redis db 14), then scripts/load_http.py.
#
#   load.sh mixed   120 users (70 % browsing, 20 % signed-in buying, 10 % bidding) for LOAD_SECONDS (60),
#                   with 8 real sign-ins (PBKDF2 at full strength) in the middle third; p99 steady vs burst.
#   load.sh bids    20 signed-in bidders on one hot auction over HTTP, beside the trivial endpoint's rate.
#
# Loopback only, bounded in time (the whole run is under `timeout`), stops the server it started.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MODE=${1:-mixed}
PRODUCTS=${BENCH_PRODUCTS:-10000}
# shellcheck source=scripts/bench_http.sh
source scripts/bench_http.sh
# shellcheck source=scripts/bench_db.sh
source scripts/bench_db.sh
bench_database_ready
$PY manage.py seed_catalogue --count "$PRODUCTS" --no-photo-files | tail -n 1
export DJANGO_LOG_LEVEL=ERROR   # a refused bid (409) is logged as a warning: not the point here
bench_gunicorn_start
echo "uptime: $(uptime)"
status=0
GUNICORN_PID=$gunicorn_pid timeout $(( ${LOAD_SECONDS:-60} + 300 )) $PY scripts/load_http.py "$MODE" "$PORT" "${LOAD_SECONDS:-60}" || status=$?
echo "uptime: $(uptime)"
if [ "$status" != 0 ]; then echo "gunicorn's log:"; tail -n 20 "$work/gunicorn.log"; fi
exit "$status"
