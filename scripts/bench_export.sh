#!/usr/bin/env bash
# make bench-export: 100,000 listings (BENCH_PRODUCTS) on PostgreSQL exported through the streaming
# writer of the export jobs, as CSV and as XLSX, each in its own process. Prints one line per format:
# format=<f> rows=<n> seconds=<s> rows_per_s=<n> peak_mb=<n> file_mb=<n>
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic_bench_export}
export DJANGO_DEBUG=false
PRODUCTS=${BENCH_PRODUCTS:-100000}
# shellcheck source=scripts/bench_db.sh
source scripts/bench_db.sh
bench_database_ready
have=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM products_product")
if [ "$have" -lt "$PRODUCTS" ]; then
  $PY manage.py seed_catalogue --count "$PRODUCTS" --no-photo-files | tail -n 1
  psql "$DATABASE_URL" -qc "ANALYZE"
fi
for fmt in csv xlsx; do $PY manage.py bench_export --format "$fmt"; done
