"""The half-signed-in state between a correct password and a correct second factor.

Only the user id, the backend and the time are kept in the session; the user is not
signed in until ``two_factor_pending_finish``.
"""

import time

from django.contrib.auth import get_user_model, login
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

PENDING_KEY = "snobistic_2fa_pending"
PENDING_SECONDS = 600


def two_factor_pending_start(request, *, user, next_url: str = "", backend: str | None = None) -> None:
    backend = backend or getattr(user, "backend", None) or "django.contrib.auth.backends.ModelBackend"
    request.session[PENDING_KEY] = {"user_id": user.pk, "backend": backend, "at": int(time.time()), "next": next_url}


def two_factor_pending_user(request):
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data["at"] > PENDING_SECONDS:
        return None
    return get_user_model().objects.filter(pk=data["user_id"], is_active=True).first()


def two_factor_pending_finish(request, *, user, device) -> str:
    """Sign the user in (a new session key), mark the session verified, return where to go."""
    data = request.session.pop(PENDING_KEY, {}) or {}
    if not request.user.is_authenticated or request.user.pk != user.pk:
        login(request, user, backend=data.get("backend") or "django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    return safe_next(request, data.get("next", ""))


def safe_next(request, url: str, default: str = "/accounts/profile/") -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return default


# --- First enrolment: proof that the person at the keyboard reads the account's inbox ---------
ENROL_PROOF_KEY = "snobistic_2fa_enrol_proof"
ENROL_PROOF_SECONDS = 900


def two_factor_enrol_proof_record(request, *, user) -> None:
    request.session[ENROL_PROOF_KEY] = {"user_id": user.pk, "at": int(time.time())}


def two_factor_enrol_proof_clear(request) -> None:
    request.session.pop(ENROL_PROOF_KEY, None)


def two_factor_may_enrol(request, *, user) -> bool:
    """A device may be added by a verified session, or — first device — after the e-mailed code."""
    if user.is_verified():
        return True
    data = request.session.get(ENROL_PROOF_KEY)
    return bool(data and data.get("user_id") == user.pk and time.time() - data.get("at", 0) <= ENROL_PROOF_SECONDS)
