"""Print a new Ed25519 signing key for AUTHENTICITY_SIGNING_KEYS (and its public half, for AUTHENTICITY_VERIFY_KEYS)."""

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand

from marketplace.authenticity.signing import generate_key_b64


class Command(BaseCommand):
    help = "Print a new certificate signing key (key-id=base64) and its public key."

    def add_arguments(self, parser):
        parser.add_argument("key_id", help="a short name for the key, e.g. 2026-12")

    def handle(self, *args, key_id: str, **options):
        private = generate_key_b64()
        public = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private)).public_key().public_bytes_raw()
        self.stdout.write(f"AUTHENTICITY_SIGNING_KEYS={key_id}={private}")
        self.stdout.write(f"# public half, to keep verifying after retiring it: {key_id}={base64.b64encode(public).decode()}")
