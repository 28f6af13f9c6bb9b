"""A process pays at start only for what every process uses (issue 20: exports under 200 MB).

Libraries that a few jobs need — anafpy's UBL models (e-Factura), daphne's Twisted server
(runserver only), stripe (card payments) — are imported where they are used. A fresh process that
sets Django up and loads the URLconf, as a gunicorn or django-q2 worker does, must not hold them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["anafpy", "twisted", "autobahn", "stripe", "aiohttp"]

PROBE = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # the URLconf, as system checks and the first request load it
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def test_django_setup_and_the_urlconf_do_not_import_heavy_libraries_used_by_a_few_jobs():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test")}
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False, cwd=ROOT, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []

