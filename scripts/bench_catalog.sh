#!/usr/bin/env bash
# make bench-catalog: the storefront catalogue API against a trivial JSON endpoint of the same
# API, on gunicorn (production settings, 2 workers) on 127.0.0.1 with 10,000 validated pieces.
# Ends with one line: catalog_rps=<n> trivial_rps=<n> ratio=<n> p99_ms=<n>
#
# `bench_catalog.sh signed-in` (make bench-catalog-signed-in) measures the page a signed-in buyer gets
# instead: 16 buyers (one session each, rotated per request) with saved sizes and favourites, "Only my
# sizes" on, the anonymous page cache off (STOREFRONT_CATALOGUE_CACHE_SECONDS=0); it ends with
# signed_in_rps=<n> trivial_rps=<n> ratio=<n> p99_ms=<n> (the trivial endpoint without a session), then
# trivial_signed_in_rps=<n> ratio_signed_in=<n>: the trivial endpoint with the same sessions (every
# signed-in request loads its session and user: the audit log's middleware names the actor).
#
# Loopback only, bounded in time (BENCH_SECONDS per run, default 15). PostgreSQL and Redis on
# 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL). Installs wrk from Debian when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
MODE=${1:-anonymous}
[ "$MODE" = signed-in ] && export STOREFRONT_CATALOGUE_CACHE_SECONDS=0
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
if [ "$MODE" = signed-in ]; then
  DJANGO_LOG_LEVEL=ERROR $PY scripts/bench_signed_in.py 16 > "$work/cookies"
  $PY scripts/bench_catalog_paths.py "http://127.0.0.1:$PORT" 40 "$(head -n 1 "$work/cookies")" my_sizes=true > "$work/paths.lua"
  { echo "cookies = {"; sed 's/.*/  "&",/' "$work/cookies"; echo "}"; } >> "$work/paths.lua"
else
  echo 'cookies = { "" }' >> "$work/paths.lua"
  $PY scripts/bench_catalog_paths.py "http://127.0.0.1:$PORT" 40 > "$work/paths.lua.new"
  cat "$work/paths.lua.new" >> "$work/paths.lua"
fi
cat "$work/paths.lua" - > "$work/catalog.lua" <<'LUA'
local i = 0
request = function()
  i = i + 1
  local cookie = cookies[i % #cookies + 1]
  return wrk.format("GET", paths[i % #paths + 1], cookie ~= "" and { Cookie = cookie } or nil)
end
LUA
echo "$WRK_DONE" >> "$work/catalog.lua"
sed -e 's#^paths = .*#paths = { "/pwa/api/ping" }#' -e 's#^  local cookie = .*#  local cookie = ""#' "$work/catalog.lua" > "$work/trivial.lua"

sed -e 's#^paths = .*#paths = { "/pwa/api/ping" }#' "$work/catalog.lua" > "$work/trivial_signed_in.lua"

if [ "$MODE" = signed-in ]; then
  bench_rounds catalog="$work/catalog.lua" trivial="$work/trivial.lua" trivial_signed_in="$work/trivial_signed_in.lua"
else
  bench_rounds catalog="$work/catalog.lua" trivial="$work/trivial.lua"
fi
bench_totals > "$work/totals"
$PY - "$work/totals" "$MODE" <<'PY'
import sys
rows = {name: (float(rps), float(p99)) for name, rps, p99 in (line.split() for line in open(sys.argv[1]))}
catalog, trivial = rows["catalog"][0], rows["trivial"][0]
name = "signed_in" if sys.argv[2] == "signed-in" else "catalog"
line = f"{name}_rps={catalog:.0f} trivial_rps={trivial:.0f} ratio={catalog / trivial:.2f} p99_ms={rows['catalog'][1]:.1f}"
if "trivial_signed_in" in rows:
    signed = rows["trivial_signed_in"][0]
    line += f" trivial_signed_in_rps={signed:.0f} ratio_signed_in={catalog / signed:.2f}"
print(line)
PY
