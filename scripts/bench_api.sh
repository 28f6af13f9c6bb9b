#!/usr/bin/env bash
# make bench-api: the partner API's 24-piece catalogue page over REST (/api/products/) and GraphQL
# (/api/graphql/ catalogue) against the trivial endpoint, in the same run, on gunicorn (production
# settings, 2 workers) on 127.0.0.1 with 10,000 validated pieces on PostgreSQL.
# Ends with one line: rest_rps=<n> graphql_rps=<n> trivial_rps=<n> rest_ratio=<n> graphql_ratio=<n>
#
# Loopback only, bounded in time (BENCH_SECONDS per load, default 15). Anonymous callers (the public
# catalogue); the throttles are lifted for the run, which measures serving, not rate limits.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PRODUCTS=${BENCH_PRODUCTS:-10000}
# shellcheck source=scripts/bench_http.sh
source scripts/bench_http.sh
export API_THROTTLE_ANON=100000000/min  # the run measures serving, not the rate limits

# shellcheck source=scripts/bench_db.sh
source scripts/bench_db.sh
bench_database_ready
$PY manage.py seed_catalogue --count "$PRODUCTS" --no-photo-files | tail -n 1
psql "$DATABASE_URL" -qc "ANALYZE"

bench_gunicorn_start

$PY scripts/bench_api_paths.py "http://127.0.0.1:$PORT" 40 > "$work/paths.lua"
cat "$work/paths.lua" - > "$work/rest.lua" <<'LUA'
local i = 0
request = function()
  i = i % #rest + 1
  return wrk.format("GET", rest[i])
end
LUA
cat "$work/paths.lua" - > "$work/graphql.lua" <<'LUA'
local i = 0
request = function()
  i = i % #graphql + 1
  return wrk.format("POST", "/api/graphql/", {["Content-Type"] = "application/json"}, graphql[i])
end
LUA
cat - > "$work/trivial.lua" <<'LUA'
request = function()
  return wrk.format("GET", "/pwa/api/ping")
end
LUA
for script in rest graphql trivial; do echo "$WRK_DONE" >> "$work/$script.lua"; done

bench_rounds rest="$work/rest.lua" graphql="$work/graphql.lua" trivial="$work/trivial.lua"
bench_totals > "$work/totals"
$PY - "$work/totals" <<'PY'
import sys
rows = {name: float(rps) for name, rps, _p99 in (line.split() for line in open(sys.argv[1]))}
rest, graphql, trivial = rows["rest"], rows["graphql"], rows["trivial"]
print(f"rest_rps={rest:.0f} graphql_rps={graphql:.0f} trivial_rps={trivial:.0f} "
      f"rest_ratio={rest / trivial:.2f} graphql_ratio={graphql / trivial:.2f}")
PY
