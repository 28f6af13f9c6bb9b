"""The wallet's writes other than postings and payouts (``escrow``, ``payouts``, ``ledger``)."""

from django.db import transaction

from marketplace.common.jobs import enqueue_after_commit

from .models import BankDetailsChange


@transaction.atomic
def bank_details_change_record(*, vendor, actor, old_iban: str, new_iban: str) -> BankDetailsChange:
    """Remember who changed the shop's payout IBAN (payouts wait, four eyes approve); the vendor is e-mailed."""
    change = BankDetailsChange.objects.create(
        vendor=vendor, actor=actor if getattr(actor, "pk", None) else None, old_iban=old_iban or "", new_iban=new_iban
    )
    enqueue_after_commit("marketplace.wallet.tasks.notify_bank_details_changed", change.pk)
    return change
