#!/usr/bin/env bash
# make lighthouse: Lighthouse (mobile profile, headless Debian chromium) on the pages a buyer goes
# through — home, catalogue, a product page, an auction page, the cart with a piece in it and the
# checkout of a signed-in buyer — served as production serves them (gunicorn, daphne for /ws/, nginx in
# front, production settings) on 127.0.0.1, over plain HTTP.
# Each page is measured LIGHTHOUSE_RUNS times (default 3) and its median run by performance counts.
# Prints the load average, one line per page, then the minimum over the pages:
#   <page>: perf=<n> a11y=<n> best=<n> seo=<n> js_kb=<n> below 0.9: <failing audits>
#   perf=<min> a11y=<min> best=<min> seo=<min> js_kb=<max>
# (scores 0-100; first-load JavaScript in KB as transferred, compressed). The JSON reports stay in
# .tools/lighthouse/reports/ to read the failing audits.
#
# The cart and checkout are the demo buyer's (scripts/lighthouse_session.py: one piece in her cart,
# signed in through Django's session store); Lighthouse carries her session cookie in --extra-headers.
#
# Installs chromium and nginx (Debian) and lighthouse (npm, into .tools/lighthouse) when missing.
# PostgreSQL and Redis on 127.0.0.1 (LIGHTHOUSE_DATABASE_URL, LIGHTHOUSE_REDIS_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
TOOLS=.tools/lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ ! -x "$CHROME_PATH" ]; then
  echo "installing chromium (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  else sudo apt-get install -y -q chromium >/dev/null; fi
fi
if [ ! -x "$NGINX" ]; then
  echo "installing nginx (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q nginx >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q nginx >/dev/null; }
  else sudo apt-get install -y -q nginx >/dev/null; fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi
if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
  echo "installing lighthouse (npm) into $TOOLS"
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"name": "snobistic-lighthouse", "private": true}' > "$TOOLS/package.json"
  # 12.2.3: the newest line that runs on Debian's Node 20.
  (cd "$TOOLS" && npm install --no-audit --no-fund --save-exact lighthouse@12.2.3 >/dev/null)
fi

free_port() { $PY -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
PORT=$(free_port)          # nginx: what Lighthouse loads
WEB_PORT=$(free_port)      # gunicorn
REALTIME_PORT=$(free_port) # daphne (/ws/)
MEDIA_PORT=$(free_port)
MEDIA_DIR=$TOOLS/media

export DJANGO_SETTINGS_MODULE=scripts.lighthouse_settings
export DJANGO_SECRET_KEY="lh-$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 60)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL=${LIGHTHOUSE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic_lighthouse}
export REDIS_URL=${LIGHTHOUSE_REDIS_URL:-redis://127.0.0.1:6379/13}
export AWS_STORAGE_BUCKET_NAME=snobistic-lighthouse
export AWS_S3_CUSTOM_DOMAIN=127.0.0.1:$MEDIA_PORT
export AWS_QUERYSTRING_AUTH=false
export EMAIL_URL=consolemail://
export DJANGO_SECURE_SSL_REDIRECT=false   # plain HTTP on loopback
export DJANGO_LOG_LEVEL=WARNING
export AUTHENTICITY_SIGNING_KEYS="lighthouse=$(head -c 32 /dev/urandom | base64)"   # a throw-away certificate key

# shellcheck source=scripts/bench_db.sh
source scripts/bench_db.sh
bench_database_ready
$PY manage.py seed_catalogue --count 500 --photo-dir "$MEDIA_DIR" | tail -n 1
$PY manage.py seed_auctions --count 1 --photo-dir "$MEDIA_DIR" | tail -n 1
$PY manage.py collectstatic --noinput -v 0

work=$(mktemp -d)
chmod 755 "$work"   # nginx workers (nobody) write their proxy buffers in it
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
$PY -m http.server "$MEDIA_PORT" --bind 127.0.0.1 --directory "$MEDIA_DIR" >/dev/null 2>&1 &
pids+=($!)
.venv/bin/gunicorn config.wsgi:application --workers 2 --bind "127.0.0.1:$WEB_PORT" \
  --log-level warning --access-logfile /dev/null --error-logfile "$work/gunicorn.log" &
pids+=($!)
.venv/bin/daphne --bind 127.0.0.1 --port "$REALTIME_PORT" --proxy-headers config.asgi:application >"$work/daphne.log" 2>&1 &
pids+=($!)
# nginx in front, routed as deploy/nginx/snobistic.conf.template routes (/ws/ to daphne, the rest to
# gunicorn) but over plain HTTP on loopback: the auction page's live socket connects as in production.
cat >"$work/site.conf" <<CONF
map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
server {
    listen 127.0.0.1:$PORT;
    access_log off;
    location /ws/ {
        proxy_pass http://127.0.0.1:$REALTIME_PORT;
        proxy_http_version 1.1;
        proxy_set_header Upgrade \$http_upgrade;
        proxy_set_header Connection \$connection_upgrade;
        proxy_set_header Host \$http_host;  # with the port: the canonical links name this server
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_read_timeout 3600s;
    }
    location / {
        proxy_pass http://127.0.0.1:$WEB_PORT;
        proxy_set_header Host \$http_host;  # with the port: the canonical links name this server
        proxy_set_header X-Forwarded-Proto \$scheme;
    }
}
CONF
$PY scripts/render_nginx.py --main "$work" "$work/site.conf" >"$work/nginx.conf"
"$NGINX" -c "$work/nginx.conf" -p "$work" 2>"$work/nginx.log" &
pids+=($!)
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fs "$base/pwa/api/ping" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$base/pwa/api/ping" >/dev/null || { tail -n 30 "$work/gunicorn.log" "$work/nginx.log" "$work"/nginx-error.log; exit 1; }
for _ in $(seq 1 100); do curl -fs -H "Host: 127.0.0.1" "http://127.0.0.1:$REALTIME_PORT/livez/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs -H "Host: 127.0.0.1" "http://127.0.0.1:$REALTIME_PORT/livez/" >/dev/null || { tail -n 30 "$work/daphne.log"; exit 1; }

product=$(curl -fs "$base/pwa/api/catalog/products?limit=1" | $PY -c "import json, sys; print(json.load(sys.stdin)['items'][0]['url'])")
product_id=$(echo "$product" | grep -oE '[0-9]+' | tail -n 1)
session=$($PY scripts/lighthouse_session.py "$product_id")   # the buyer's session cookie, then an auction's path
cookie=$(sed -n 1p <<<"$session")
auction=$(sed -n 2p <<<"$session")
signed_in="{\"Cookie\": \"$cookie\"}"
# label, path, extra headers (the buyer's session for the cart and checkout)
pages=("home|/|" "catalogue|/products/|" "product|$product|" "auction|$auction|" "cart|/cart/|$signed_in" "checkout|/cart/checkout/|$signed_in")
reports=$TOOLS/reports
rm -rf "$reports" && mkdir -p "$reports"
# Each page RUNS times (LIGHTHOUSE_RUNS, default 3); the summary takes each page's median run by
# performance, as Lighthouse advises for its variance (the performance score follows the CPU's load).
RUNS=${LIGHTHOUSE_RUNS:-3}
for entry in "${pages[@]}"; do
  IFS='|' read -r label page headers <<<"$entry"
  status=$(curl -s -o /dev/null -w '%{http_code}' ${headers:+-H "Cookie: $cookie"} "$base$page")
  [ "$status" = 200 ] || { echo "$label $page answered $status"; tail -n 30 "$work/gunicorn.log"; exit 1; }
  for run in $(seq 1 "$RUNS"); do
    # A run that Lighthouse itself gives up on (NO_NAVSTART and the like, under heavy load) is tried once more.
    for attempt in 1 2; do
      timeout 240 "$TOOLS/node_modules/.bin/lighthouse" "$base$page" --quiet --output=json --output-path="$reports/$label.$run.json" \
        --only-categories=performance,accessibility,best-practices,seo --form-factor=mobile \
        ${headers:+--extra-headers="$headers"} \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>"$work/lh-$label.log" \
        && break
      [ "$attempt" = 2 ] && { cat "$work/lh-$label.log"; exit 1; }
      echo "$label run $run: $(grep -m1 -o 'Runtime error.*' "$work/lh-$label.log" || echo 'lighthouse failed'); again"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (perf follows the CPU's load; reports in $reports)"
labels=("${pages[@]%%|*}")
$PY scripts/lighthouse_summary.py --dir "$reports" "${labels[@]}"
