#!/usr/bin/env bash
# make prod-smoke: the production shape of docker-compose.yml, on one machine and loopback only,
# then a buyer's, a vendor's and staff's journey through it as real clients over HTTPS.
#
# Starts (and stops at the end, whatever happens): an S3 server (moto) with the media bucket,
# an SMTP sink that keeps every message, gunicorn (production settings), daphne for /ws/ only,
# two django-q2 clusters on the Redis broker, and nginx (Debian's) terminating TLS with a
# throw-away self-signed certificate, its routes rendered from deploy/nginx/snobistic.conf.template
# with only addresses filled in. PostgreSQL and Redis are the machine's own: a dedicated
# database (PROD_SMOKE_DB, dropped and made again) and Redis database number (PROD_SMOKE_REDIS_DB,
# emptied). The release step is scripts/release.sh, as compose's `migrate` service runs it.
# Fails on any 5xx or traceback in the logs. Last line: prod_smoke=ok steps=<n> seconds=<n>
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

PY=$PWD/.venv/bin/python
BASE=${PROD_SMOKE_PORT_BASE:-18400}
WEB_PORT=$((BASE + 1)) REALTIME_PORT=$((BASE + 2)) S3_PORT=$((BASE + 3)) SMTP_PORT=$((BASE + 4))
HTTP_PORT=$((BASE + 80)) HTTPS_PORT=$((BASE + 43))
DB=${PROD_SMOKE_DB:-snobistic_prodsmoke}
PG=${PROD_SMOKE_PG:-postgres://postgres@127.0.0.1:5432}
REDIS_DB=${PROD_SMOKE_REDIS_DB:-12}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
KEEP=${PROD_SMOKE_KEEP:-}   # set: keep the work folder (logs, mails) for a look afterwards

step() { printf '\n--- [%ss] %s\n' "$(($(date +%s) - started))" "$*"; }

# --- What the machine must have -----------------------------------------------------------------
if [ ! -x "$NGINX" ]; then
  echo "installing nginx (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q nginx >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q nginx >/dev/null; }
  else sudo apt-get install -y -q nginx >/dev/null; fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi
command -v openssl >/dev/null || { echo "openssl is needed for the throw-away certificate"; exit 1; }
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not answering on 127.0.0.1:5432"; exit 1; }
redis-cli -h 127.0.0.1 -n "$REDIS_DB" ping >/dev/null || { echo "Redis is not answering on 127.0.0.1:6379"; exit 1; }
for port in $WEB_PORT $REALTIME_PORT $S3_PORT $SMTP_PORT $HTTP_PORT $HTTPS_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port on 127.0.0.1 is taken (PROD_SMOKE_PORT_BASE moves the block)"; exit 1; fi
done

work=$(mktemp -d /tmp/prod-smoke.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/logs" "$work/mailbox" "$work/tls"
pids=()
cleanup() {
  local code=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -n "$REDIS_DB" flushdb >/dev/null 2>&1 || true
  if [ $code != 0 ]; then
    echo "prod_smoke=failed (logs below; PROD_SMOKE_KEEP=1 keeps $work)"
    for log in "$work"/logs/*.log; do echo "===== $log"; tail -n 40 "$log"; done
  fi
  if [ -n "$KEEP" ]; then echo "kept $work"; else rm -rf "$work"; fi
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Production environment (what compose's .env and services give) ---------------------------
export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 60)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$HTTPS_PORT"
export SITE_URL="https://127.0.0.1:$HTTPS_PORT"
export DATABASE_URL="$PG/$DB"
export REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
export AWS_STORAGE_BUCKET_NAME=snobistic-media
export AWS_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export AWS_ACCESS_KEY_ID=smoke AWS_SECRET_ACCESS_KEY=smoke-secret AWS_S3_REGION_NAME=us-east-1
export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
export AXES_PROXY_COUNT=1
export AUTHENTICITY_SIGNING_KEYS="smoke=$(head -c 32 /dev/urandom | base64)"
export SNOBISTIC_DEMO_PASSWORD="smoke-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export Q_WORKERS=1   # per cluster; two clusters, as compose's two worker replicas
export DJANGO_LOG_LEVEL=INFO
unset SENTRY_DSN

# --- Services -----------------------------------------------------------------------------------
wait_for() {  # wait_for <what> <seconds> <command...>
  local what=$1 limit=$2; shift 2
  for _ in $(seq 1 $((limit * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "$what did not come up"; return 1
}

step "S3 (moto server) and the media bucket"
"$PWD/.venv/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$work/logs/s3.log" 2>&1 &
pids+=($!)
wait_for "moto" 30 curl -fs "http://127.0.0.1:$S3_PORT/moto-api/"
$PY -c "import boto3, os; boto3.client('s3', endpoint_url=os.environ['AWS_S3_ENDPOINT_URL']).create_bucket(Bucket=os.environ['AWS_STORAGE_BUCKET_NAME'])"

step "SMTP sink"
$PY scripts/prod_smoke/smtp_sink.py 127.0.0.1 "$SMTP_PORT" "$work/mailbox" >"$work/logs/smtp.log" 2>&1 &
pids+=($!)
wait_for "the SMTP sink" 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT"

step "database $DB (new) and Redis db $REDIS_DB (emptied)"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
redis-cli -h 127.0.0.1 -n "$REDIS_DB" flushdb >/dev/null

step "release (scripts/release.sh: collectstatic, migrate, sync_schedules)"
PYTHON=$PY sh scripts/release.sh >"$work/logs/release.log" 2>&1 || { cat "$work/logs/release.log"; exit 1; }

step "gunicorn, daphne (/ws/), two qcluster workers"
"$PWD/.venv/bin/gunicorn" config.wsgi:application --bind "127.0.0.1:$WEB_PORT" --workers 2 --timeout 120 \
  --access-logfile - >"$work/logs/gunicorn.log" 2>&1 &
pids+=($!)
"$PWD/.venv/bin/daphne" --bind 127.0.0.1 --port "$REALTIME_PORT" --proxy-headers config.asgi:application \
  >"$work/logs/daphne.log" 2>&1 &
pids+=($!)
for n in 1 2; do
  $PY manage.py qcluster >"$work/logs/worker-$n.log" 2>&1 &
  pids+=($!)
done

step "the demo accounts and catalogue (seed_demo, while the servers boot)"
$PY manage.py seed_demo >"$work/logs/seed.log" 2>&1 || { cat "$work/logs/seed.log"; exit 1; }

step "nginx with TLS (a throw-away self-signed certificate)"
# A one-day CA that the clients trust explicitly (--cacert), and the site's certificate it signs.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=SNOBISTIC prod-smoke CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/tls/ca.key" -out "$work/tls/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$work/tls/privkey.pem" -out "$work/tls/site.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$work/tls/site.ext"
openssl x509 -req -in "$work/tls/site.csr" -CA "$work/tls/ca.pem" -CAkey "$work/tls/ca.key" -CAcreateserial -days 1 \
  -extfile "$work/tls/site.ext" -out "$work/tls/fullchain.pem" 2>/dev/null
$PY scripts/render_nginx.py WEB_UPSTREAM="127.0.0.1:$WEB_PORT" REALTIME_UPSTREAM="127.0.0.1:$REALTIME_PORT" \
  HTTP_LISTEN="127.0.0.1:$HTTP_PORT" HTTPS_LISTEN="127.0.0.1:$HTTPS_PORT" \
  TLS_CERTIFICATE="$work/tls/fullchain.pem" TLS_CERTIFICATE_KEY="$work/tls/privkey.pem" >"$work/site.conf"
$PY scripts/render_nginx.py --main "$work" "$work/site.conf" >"$work/nginx.conf"
"$NGINX" -t -q -c "$work/nginx.conf" -p "$work" 2>"$work/logs/nginx-test.log" || { cat "$work/logs/nginx-test.log"; exit 1; }
"$NGINX" -c "$work/nginx.conf" -p "$work" >"$work/logs/nginx-access.log" 2>"$work/logs/nginx.log" &
pids+=($!)

step "readiness through nginx (/healthz/)"
wait_for "the site (https /healthz/)" 90 curl -fs --cacert "$work/tls/ca.pem" "https://127.0.0.1:$HTTPS_PORT/healthz/"
wait_for "daphne" 30 curl -fs -H "Host: 127.0.0.1" "http://127.0.0.1:$REALTIME_PORT/livez/"

step "the journey"
$PY scripts/prod_smoke/journey.py \
  --base "https://127.0.0.1:$HTTPS_PORT" --cacert "$work/tls/ca.pem" --mailbox "$work/mailbox" \
  --logs "$work/logs" --password "$SNOBISTIC_DEMO_PASSWORD" --started "$started" --http-port "$HTTP_PORT"
