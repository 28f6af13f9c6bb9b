"""How gunicorn serves the site's HTTP in production (docker-compose.yml's `web`) and in the HTTP benchmarks.

Threaded workers (gthread): a request that waits — on PostgreSQL, Redis, S3, or on a password check
(PBKDF2, 0.4–0.9 s of CPU, which hashlib runs without holding Python's lock) — keeps one thread,
not the whole worker, so the other requests go on meanwhile. With sync workers every sign-in held
one of them and everything queued behind it (issue 20: p99 590 ms during a sign-in burst).

Sizing (each overridable from the environment):
- GUNICORN_WORKERS: processes, default 2 × CPUs: Python runs one thread of a process at a time, so
  one process per core would leave a core idle whenever its threads queue for that lock.
- GUNICORN_THREADS: threads per worker, default 8. Every thread may hold a database connection
  (CONN_MAX_AGE), so workers × threads stays well below PostgreSQL's max_connections (100) with the
  qcluster workers and daphne beside it: 4 × 8 = 32 on a 2-core host.
"""

import multiprocessing
import os

cpus = multiprocessing.cpu_count()
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * cpus))
threads = int(os.environ.get("GUNICORN_THREADS", 8))
worker_class = "gthread"
# Idle keep-alive connections hold a thread in gthread only while a request is read; 5 s like nginx's upstream pool.
keepalive = 5
timeout = 60
graceful_timeout = 30
max_requests = 5000  # a worker is recycled now and then (memory growth), with jitter so not all at once
max_requests_jitter = 500
