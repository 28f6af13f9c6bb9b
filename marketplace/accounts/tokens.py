"""Bearer tokens for the partner API: issued at sign-in (after the second factor where there is one),
checked on every request, revoked from the account page.

A sign-in that needs a second factor answers with a short-lived signed challenge instead of a
token; ``api_two_factor_complete`` exchanges the challenge and a valid code for the token. A
challenge works once and for ``API_CHALLENGE_SECONDS``.
"""

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.errors import NotFound

from .models import ApiToken, User
from .services import (
    account_authenticate,
    account_email_verified,
    two_factor_code_send,
    two_factor_devices,
    two_factor_verify,
)

PREFIX = "snb_"
CHALLENGE_SALT = "marketplace.accounts.api-two-factor"
TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once: only its hash is kept


@dataclass(frozen=True)
class SignInResult:
    issued: IssuedToken | None = None
    challenge: str = ""  # set when a second factor is needed first
    methods: tuple[str, ...] = ()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str = "") -> IssuedToken:
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], key_hash=_hash(secret),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return IssuedToken(token=token, secret=secret)


def api_token_user(secret: str) -> User | None:
    """The active user a token belongs to, or None (unknown, revoked, expired, or inactive account)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound(_("There is no such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_tokens_for(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at")[:50])


def api_sign_in(*, request, email: str, password: str, second_factor_required: bool, name: str = "") -> SignInResult:
    """Check e-mail and password; a token at once, or a challenge when a second factor is needed.

    ``second_factor_required``: the door's rule for who must always use one (staff, vendors); anybody
    who has set one up is asked for it too. Raises ValidationError (``invalid_credentials``,
    ``email_not_verified``, ``two_factor_enrolment_required``).
    """
    user = account_authenticate(request=request, email=email, password=password)
    if user is None:
        raise ValidationError(_("The e-mail address or the password is wrong."), code="invalid_credentials")
    if not account_email_verified(user=user):
        raise ValidationError(_("Confirm your e-mail address first: we sent you a link."), code="email_not_verified")
    devices = two_factor_devices(user=user)
    if not devices and second_factor_required:
        raise ValidationError(
            _("Set up two-step verification on the website before using the API."), code="two_factor_enrolment_required"
        )
    if not devices:
        return SignInResult(issued=api_token_issue(user=user, name=name))
    with contextlib.suppress(ValidationError):  # SMS asked for too often: the code sent a moment ago still works
        two_factor_code_send(user=user)  # by e-mail or SMS, as the person chose
    nonce = secrets.token_urlsafe(12)
    challenge = signing.dumps({"u": user.pk, "n": nonce, "name": name[:100]}, salt=CHALLENGE_SALT)
    methods = tuple(sorted({type(device).__name__ for device in devices}))
    return SignInResult(challenge=challenge, methods=methods)


def api_two_factor_complete(*, challenge: str, code: str) -> IssuedToken:
    """Exchange a sign-in challenge and a second-factor code for a token (each challenge works once)."""
    try:
        data = signing.loads(challenge or "", salt=CHALLENGE_SALT, max_age=settings.API_CHALLENGE_SECONDS)
    except signing.SignatureExpired:
        raise ValidationError(_("The sign-in took too long: sign in again."), code="challenge_expired") from None
    except signing.BadSignature:
        raise ValidationError(_("This sign-in challenge is not valid: sign in again."), code="challenge_invalid") from None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        raise ValidationError(_("This sign-in challenge is not valid: sign in again."), code="challenge_invalid")
    if two_factor_verify(user=user, code=code) is None:
        raise ValidationError({"code": ValidationError(_("The code is wrong or has expired."), code="invalid_code")})
    if not cache.add(f"api-2fa-used:{data['n']}", 1, timeout=settings.API_CHALLENGE_SECONDS + 60):
        raise ValidationError(_("This sign-in challenge was already used: sign in again."), code="challenge_invalid")
    return api_token_issue(user=user, name=data.get("name", ""))
