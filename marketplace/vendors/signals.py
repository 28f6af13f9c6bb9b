"""The vendors context's domain events, for the contexts above it to listen to."""

from django.dispatch import Signal

# A shop's payout IBAN changed (sent inside the transaction). kwargs: vendor, actor, old_iban, new_iban.
vendor_iban_changed = Signal()
