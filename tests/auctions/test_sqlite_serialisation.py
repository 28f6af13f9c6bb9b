"""SQLite has no row locks: bids are serialised because write transactions begin IMMEDIATE.

The test database is in memory (shared cache, table locks), which is not what runs; so this
runs the bid benchmark on a real SQLite file, as `make run` uses it, in a subprocess.
"""

import os
import subprocess
import sys
from pathlib import Path

from config.settings.base import SQLITE_OPTIONS

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_write_transactions_begin_immediate():
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"


def test_concurrent_bids_on_a_sqlite_file_lose_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", DJANGO_DEBUG="false")
    result = subprocess.run(
        [sys.executable, "manage.py", "bench_bids", "--bids", "300", "--threads", "10",
         "--sqlite-file", str(tmp_path / "bench.sqlite3")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("bids_per_s=") and last.endswith(" lost=0"), result.stdout
