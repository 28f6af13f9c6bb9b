#!/usr/bin/env bash
# Start the web server (daphne's runserver: HTTP and websockets) and the django-q2 cluster
# together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${PORT:-8000}

cat <<INFO

  SNOBISTIC is starting on http://127.0.0.1:${PORT}/
    staff back office   http://127.0.0.1:${PORT}/admin/    (admin@snobistic.ro, manager@snobistic.ro, suport@snobistic.ro)
    vendor back office  http://127.0.0.1:${PORT}/vendors/  (boutique@snobistic.ro, vintage@snobistic.ro)
    demo password       ${SNOBISTIC_DEMO_PASSWORD:-snobistic-demo-2026}
    staff and vendors set up two-step verification at first sign-in; e-mailed codes print here
  Ctrl-C stops the web server and the job cluster.

INFO

$PY manage.py qcluster &
QPID=$!
trap 'kill $QPID 2>/dev/null; wait $QPID 2>/dev/null; exit 0' INT TERM EXIT
$PY manage.py runserver "127.0.0.1:${PORT}"
