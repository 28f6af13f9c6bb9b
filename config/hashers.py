"""Password checks run at a lower CPU priority than page serving (issue 20, sign-in bursts).

A password check is PBKDF2 at Django's full iteration count: 0.4–0.9 s of CPU. On a small host a burst of
sign-ins took the CPU from everything else and browsing p99 rose to 590 ms. The hashing is the same (same
algorithm, iterations and hashes: Django's hashes verify, ours verify under Django); only where it runs
differs: on a small pool of threads per process whose Linux nice value is 10, so the scheduler gives
the requests being served the CPU first and a sign-in takes longer only while the host is busy.
hashlib computes PBKDF2 without holding Python's lock, so the waiting request thread costs nothing.
"""

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import PBKDF2PasswordHasher

NICENESS = 10
POOL_THREADS = 2  # per process: more sign-ins at once wait their turn

_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _lower_priority() -> None:
    # On Linux a thread id names the thread alone; elsewhere, or if refused, the check runs at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + NICENESS))


def _executor() -> ThreadPoolExecutor:
    global _pool, _pool_pid  # noqa: PLW0603 (one pool per process, made on first use, after a fork too)
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(POOL_THREADS, thread_name_prefix="password-hash", initializer=_lower_priority)
            _pool_pid = os.getpid()
        return _pool


class BackgroundPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2-SHA256 (``pbkdf2_sha256$…`` hashes), computed on the low-priority pool."""

    def encode(self, password, salt, iterations=None):
        return _executor().submit(PBKDF2PasswordHasher.encode, self, password, salt, iterations).result()
