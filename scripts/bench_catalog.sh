#!/usr/bin/env bash
# make bench-catalog: the storefront catalogue API against a trivial JSON endpoint of the same
# API, on gunicorn (production settings, 2 workers) on 127.0.0.1 with 10,000 validated pieces.
# Ends with one line: catalog_rps=<n> trivial_rps=<n> ratio=<n> p99_ms=<n>
#
# Loopback only, bounded in time (BENCH_SECONDS per run, default 15). PostgreSQL and Redis on
# 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL). Installs wrk from Debian when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
# A free loopback port unless BENCH_PORT is given (others may run servers on this machine).
PORT=${BENCH_PORT:-$($PY -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
SECONDS_PER_RUN=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
PRODUCTS=${BENCH_PRODUCTS:-10000}

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else sudo apt-get install -y -q wrk >/dev/null; fi
fi

# Production settings with loopback stand-ins for what production refuses to start without:
# media URLs are computed for a bucket that is never contacted (no photo is fetched).
export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 60)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic_bench}
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}
export AWS_STORAGE_BUCKET_NAME=snobistic-bench
export AWS_S3_CUSTOM_DOMAIN=media.snobistic.invalid
export AWS_QUERYSTRING_AUTH=false
export EMAIL_URL=consolemail://
export DJANGO_SECURE_SSL_REDIRECT=false   # plain HTTP on loopback
export DJANGO_LOG_LEVEL=WARNING

# shellcheck source=scripts/bench_db.sh
source scripts/bench_db.sh
bench_database_ready
$PY manage.py seed_catalogue --count "$PRODUCTS" --no-photo-files | tail -n 1
psql "$DATABASE_URL" -qc "ANALYZE"   # planner statistics for the freshly written rows

work=$(mktemp -d)
gunicorn_pid=""
cleanup() { [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

.venv/bin/gunicorn config.wsgi:application --workers 2 --bind "127.0.0.1:$PORT" \
  --log-level warning --access-logfile /dev/null --error-logfile "$work/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/pwa/api/ping" >/dev/null 2>&1 && break; sleep 0.2; done
if ! kill -0 "$gunicorn_pid" 2>/dev/null || ! curl -fs "http://127.0.0.1:$PORT/pwa/api/ping" >/dev/null; then
  cat "$work/gunicorn.log"; exit 1
fi

# The catalogue requests: 24 pieces, one filter (type), one sort (price), pages 1 to 40 by cursor.
$PY scripts/bench_catalog_paths.py "http://127.0.0.1:$PORT" 40 > "$work/paths.lua"
cat "$work/paths.lua" - > "$work/catalog.lua" <<'LUA'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p99_us=%d errors=%d\n", summary.requests, summary.duration, latency:percentile(99), bad))
end
LUA
sed 's#^paths = .*#paths = { "/pwa/api/ping" }#' "$work/catalog.lua" > "$work/trivial.lua"

# The two loads alternate in short rounds so that anything else the machine does weighs on
# both alike; rates are total requests over total time, p99 the worst round's.
run() {  # run <script> <seconds>: prints "requests duration_us p99_us"
  local out errors
  out=$(timeout $(($2 + 30)) wrk -t 2 -c "$CONNECTIONS" -d "${2}s" --timeout 10s -s "$1" "http://127.0.0.1:$PORT" | grep '^RESULT')
  errors=${out##*errors=}
  [ "$errors" = 0 ] || { echo "$1: $errors failed requests" >&2; cat "$work/gunicorn.log" >&2; exit 1; }
  echo "$out" | sed -E 's/RESULT requests=([0-9]+) duration_us=([0-9]+) p99_us=([0-9]+).*/\1 \2 \3/'
}
run "$work/catalog.lua" 2 >/dev/null; run "$work/trivial.lua" 2 >/dev/null   # warm-up
ROUNDS=${BENCH_ROUNDS:-3}
slice=$(( (SECONDS_PER_RUN + ROUNDS - 1) / ROUNDS ))
: > "$work/results"
for _ in $(seq 1 "$ROUNDS"); do
  echo "catalog $(run "$work/catalog.lua" "$slice")" >> "$work/results"
  echo "trivial $(run "$work/trivial.lua" "$slice")" >> "$work/results"
done
$PY - "$work/results" <<'PY'
import sys
totals = {"catalog": [0, 0, 0], "trivial": [0, 0, 0]}
for line in open(sys.argv[1]):
    name, requests, duration_us, p99_us = line.split()
    total = totals[name]
    total[0] += int(requests)
    total[1] += int(duration_us)
    total[2] = max(total[2], int(p99_us))
catalog = totals["catalog"][0] / (totals["catalog"][1] / 1e6)
trivial = totals["trivial"][0] / (totals["trivial"][1] / 1e6)
print(f"catalog_rps={catalog:.0f} trivial_rps={trivial:.0f} ratio={catalog / trivial:.2f} p99_ms={totals['catalog'][2] / 1000:.1f}")
PY
