#!/bin/sh
# The release step, run once per deploy before the new code serves: static files (hashed names
# and the manifest production's storage needs), migrations, then the job schedules.
# docker-compose's `migrate` service runs it, and so does `make prod-smoke`: one script, so the
# smoke test proves the step compose takes. PYTHON picks the interpreter (the image's `python`).
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
$PY manage.py collectstatic --noinput -v 0
$PY manage.py migrate --noinput
$PY manage.py sync_schedules
