"""django-q2 jobs of the accounts context. Each is safe to run twice."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from .services import account_password_reset_send, two_factor_tokens_purge


def purge_expired_two_factor_tokens() -> int:
    return two_factor_tokens_purge()


def clear_expired_sessions() -> int:
    """What `manage.py clearsessions` does for the database backend, counted."""
    return Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]


def send_password_reset(user_id: int) -> int:
    """E-mail a password-reset link; gets only the id and makes the token here, at send time."""
    return account_password_reset_send(user_id=user_id)
