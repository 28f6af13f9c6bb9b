# Sourced by the HTTP benchmarks (bench_catalog.sh, bench_api.sh): production settings on loopback,
# wrk, one gunicorn, and rounds of wrk runs. Needs $PY; sets $PORT, $work and an EXIT trap.

# A free loopback port unless BENCH_PORT is given (others may run servers on this machine).
PORT=${BENCH_PORT:-$($PY -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
SECONDS_PER_RUN=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
ROUNDS=${BENCH_ROUNDS:-3}

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
export AUTHENTICITY_SIGNING_KEYS="bench=$(head -c 32 /dev/urandom | base64)"   # a throw-away certificate key

work=$(mktemp -d)
gunicorn_pid=""
bench_cleanup() { [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap bench_cleanup EXIT

bench_gunicorn_start() {  # production's gunicorn (config/gunicorn.py), ready when the trivial endpoint answers
  .venv/bin/gunicorn config.wsgi:application -c config/gunicorn.py --bind "127.0.0.1:$PORT" \
    --log-level warning --access-logfile /dev/null --error-logfile "$work/gunicorn.log" &
  gunicorn_pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/pwa/api/ping" >/dev/null 2>&1 && break; sleep 0.2; done  # up to 60 s: workers boot slowly on a loaded machine
  if ! kill -0 "$gunicorn_pid" 2>/dev/null || ! curl -fs "http://127.0.0.1:$PORT/pwa/api/ping" >/dev/null; then
    cat "$work/gunicorn.log"; exit 1
  fi
}

# The end of every wrk script: one RESULT line with what the rounds add up.
WRK_DONE='
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p99_us=%d errors=%d\n", summary.requests, summary.duration, latency:percentile(99), bad))
end'

bench_run() {  # bench_run <script> <seconds>: prints "requests duration_us p99_us"
  local out errors
  out=$(timeout $(($2 + 30)) wrk -t 2 -c "$CONNECTIONS" -d "${2}s" --timeout 10s -s "$1" "http://127.0.0.1:$PORT" | grep '^RESULT')
  errors=${out##*errors=}
  [ "$errors" = 0 ] || { echo "$1: $errors failed requests" >&2; cat "$work/gunicorn.log" >&2; exit 1; }
  echo "$out" | sed -E 's/RESULT requests=([0-9]+) duration_us=([0-9]+) p99_us=([0-9]+).*/\1 \2 \3/'
}

# bench_rounds name=script ...: the loads alternate in short rounds so that anything else the machine
# does weighs on all alike; writes "name requests duration_us p99_us" lines to $work/results.
bench_rounds() {
  local pair slice
  for pair in "$@"; do bench_run "${pair#*=}" 2 >/dev/null; done   # warm-up
  slice=$(( (SECONDS_PER_RUN + ROUNDS - 1) / ROUNDS ))
  : > "$work/results"
  for _ in $(seq 1 "$ROUNDS"); do
    for pair in "$@"; do
      line=$(bench_run "${pair#*=}" "$slice") || exit 1   # a failed request fails the benchmark
      echo "${pair%%=*} $line" >> "$work/results"
    done
  done
}

bench_totals() {  # prints "name rps p99_ms" per load, from $work/results (rates over total time, worst p99)
  $PY - "$work/results" <<'PY'
import sys
totals = {}
for line in open(sys.argv[1]):
    name, requests, duration_us, p99_us = line.split()
    total = totals.setdefault(name, [0, 0, 0])
    total[0] += int(requests)
    total[1] += int(duration_us)
    total[2] = max(total[2], int(p99_us))
for name, (requests, duration_us, p99_us) in totals.items():
    print(name, f"{requests / (duration_us / 1e6):.0f}", f"{p99_us / 1000:.1f}")
PY
}
