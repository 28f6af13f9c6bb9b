"""Ed25519 signatures of certificates, with key ids so keys can rotate.

``AUTHENTICITY_SIGNING_KEYS`` holds ``key-id=base64-private-key`` pairs (comma-separated; a
private key is the 32 raw bytes of an Ed25519 key, base64): the key named by
``AUTHENTICITY_SIGNING_KEY_ID`` (or the last one listed) signs new certificates, every listed
key verifies. ``AUTHENTICITY_VERIFY_KEYS`` (same shape, public keys) keeps retired keys able to
verify what they signed after their private half is gone. Production refuses to start without
signing keys; elsewhere an ephemeral key is made per process, with a warning, and what it
signs stops verifying when the process ends.

What is signed is the canonical JSON of ``certificate_payload``: the serial, the piece, the
verdict, the reviewer, the date and the photos' SHA-256. The verify page rebuilds it from the
database, so a certificate altered in the database (or a forged serial) does not verify.
"""

import base64
import binascii
import json
import logging
import warnings
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

EPHEMERAL_KEY_ID = "dev-ephemeral"


def parse_keys(text: str) -> dict[str, str]:
    """``id=base64,id2=base64`` into a dict (base64 may end in "=", so split at the first one)."""
    keys = {}
    for part in (text or "").split(","):
        key_id, sep, value = part.strip().partition("=")
        if sep and key_id.strip() and value.strip():
            keys[key_id.strip()] = value.strip()
    return keys


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("An authenticity key is not valid base64.") from exc


@cache
def _ephemeral_key() -> Ed25519PrivateKey:
    message = (
        "AUTHENTICITY_SIGNING_KEYS is not set: certificates are signed with an ephemeral development key "
        "that is lost when this process ends (its certificates will stop verifying). Set it in production."
    )
    warnings.warn(message, RuntimeWarning, stacklevel=2)
    logger.warning(message)
    return Ed25519PrivateKey.generate()


def private_keys() -> dict[str, Ed25519PrivateKey]:
    configured = parse_keys(settings.AUTHENTICITY_SIGNING_KEYS)
    if not configured:
        return {EPHEMERAL_KEY_ID: _ephemeral_key()}
    keys = {}
    for key_id, value in configured.items():
        raw = _b64(value)
        if len(raw) != 32:
            raise ImproperlyConfigured(f"Authenticity signing key {key_id!r} must be 32 bytes (an Ed25519 private key).")
        keys[key_id] = Ed25519PrivateKey.from_private_bytes(raw)
    return keys


def public_keys() -> dict[str, Ed25519PublicKey]:
    keys = {key_id: key.public_key() for key_id, key in private_keys().items()}
    for key_id, value in parse_keys(settings.AUTHENTICITY_VERIFY_KEYS).items():
        raw = _b64(value)
        if len(raw) != 32:
            raise ImproperlyConfigured(f"Authenticity verify key {key_id!r} must be 32 bytes (an Ed25519 public key).")
        keys.setdefault(key_id, Ed25519PublicKey.from_public_bytes(raw))
    return keys


def active_key_id() -> str:
    keys = private_keys()
    wanted = settings.AUTHENTICITY_SIGNING_KEY_ID
    if wanted and wanted in keys:
        return wanted
    return list(keys)[-1]


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(payload: dict) -> tuple[str, str]:
    """(key id, base64 signature) of the payload, with the active key."""
    key_id = active_key_id()
    signature = private_keys()[key_id].sign(canonical(payload))
    return key_id, base64.b64encode(signature).decode()


def verify(payload: dict, *, key_id: str, signature: str) -> bool:
    key = public_keys().get(key_id)
    if key is None:
        return False
    try:
        key.verify(base64.b64decode(signature, validate=True), canonical(payload))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def public_key_b64(key_id: str) -> str:
    key = public_keys()[key_id]
    return base64.b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()


def generate_key_b64() -> str:
    """A new private key, base64, for AUTHENTICITY_SIGNING_KEYS (``manage.py authenticity_keygen``)."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()
