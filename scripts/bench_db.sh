# Sourced by the loopback benchmarks: make sure $DATABASE_URL's database exists, migrate it and
# load the demo reference data (categories, brands, accounts). Needs $PY.
bench_database_ready() {
  local db_name=${DATABASE_URL##*/} db_server=${DATABASE_URL%/*}
  if ! psql "$db_server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
    psql "$db_server/postgres" -qc "CREATE DATABASE $db_name"
  fi
  $PY manage.py migrate --noinput -v 0
  $PY manage.py seed_demo >/dev/null
}
