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
PRODUCTS=${BENCH_PRODUCTS:-10000}
# shellcheck source=scripts/bench_http.sh
source scripts/bench_http.sh

# shellcheck source=scripts/bench_db.sh
source scripts/bench_db.sh
bench_database_ready
$PY manage.py seed_catalogue --count "$PRODUCTS" --no-photo-files | tail -n 1
psql "$DATABASE_URL" -qc "ANALYZE"   # planner statistics for the freshly written rows

bench_gunicorn_start

# The catalogue requests: 24 pieces, one filter (type), one sort (price), pages 1 to 40 by cursor.
$PY scripts/bench_catalog_paths.py "http://127.0.0.1:$PORT" 40 > "$work/paths.lua"
cat "$work/paths.lua" - > "$work/catalog.lua" <<'LUA'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
echo "$WRK_DONE" >> "$work/catalog.lua"
sed 's#^paths = .*#paths = { "/pwa/api/ping" }#' "$work/catalog.lua" > "$work/trivial.lua"

bench_rounds catalog="$work/catalog.lua" trivial="$work/trivial.lua"
bench_totals > "$work/totals"
$PY - "$work/totals" <<'PY'
import sys
rows = {name: (float(rps), float(p99)) for name, rps, p99 in (line.split() for line in open(sys.argv[1]))}
catalog, trivial = rows["catalog"][0], rows["trivial"][0]
print(f"catalog_rps={catalog:.0f} trivial_rps={trivial:.0f} ratio={catalog / trivial:.2f} p99_ms={rows['catalog'][1]:.1f}")
PY
