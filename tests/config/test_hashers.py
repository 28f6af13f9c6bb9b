"""Password hashing keeps Django's PBKDF2 exactly; only the thread (and its CPU priority) differs."""

import os
import sys
import threading

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.test import override_settings

from config import hashers
from config.hashers import BackgroundPBKDF2PasswordHasher

PRODUCTION_LIST = ["config.hashers.BackgroundPBKDF2PasswordHasher", "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher"]


def test_the_hashes_are_djangos_at_full_strength():
    ours, djangos = BackgroundPBKDF2PasswordHasher(), PBKDF2PasswordHasher()
    assert ours.algorithm == djangos.algorithm == "pbkdf2_sha256" and ours.iterations == djangos.iterations
    assert ours.encode("parolă", "salt1234", iterations=1000) == djangos.encode("parolă", "salt1234", iterations=1000)


@override_settings(PASSWORD_HASHERS=PRODUCTION_LIST)
def test_a_django_hash_verifies_and_a_new_hash_is_made_off_the_request_thread(monkeypatch):
    seen = []
    original = PBKDF2PasswordHasher.encode

    def spy(self, password, salt, iterations=None):
        seen.append(threading.current_thread().name)
        return original(self, password, salt, iterations=1000)

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", spy)
    stored = original(PBKDF2PasswordHasher(), "snobistic-demo-2026", "abcdefgh12345678", iterations=1000)
    assert check_password("snobistic-demo-2026", stored)
    assert not check_password("altceva", stored)
    assert make_password("nouă").startswith("pbkdf2_sha256$")
    assert seen and all(name.startswith("password-hash") for name in seen)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_the_pool_threads_run_at_a_lower_priority():
    niceness = hashers._executor().submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
    assert niceness >= min(19, os.getpriority(os.PRIO_PROCESS, 0) + hashers.NICENESS)
