"""The ledger's invariants, checked by ``manage.py wallet_audit`` and the nightly job.

1. Every transaction's entries sum to zero (and it has entries).
2. Every account's stored balance equals the sum of its entries.
3. No vendor's *pending* or *reserved* balance is negative.
4. No vendor's *available* balance is negative, unless reversals explain it: a refund or a
   cancellation after release takes money from *available* (the vendor is netted against later
   sales). The balance is accepted when it is at least the sum of those reversal debits, i.e. it
   would not be negative without them. Anything else negative means money was paid out or
   reserved that did not exist.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .models import ZERO, Account, AccountKind, Entry, LedgerTransaction


@dataclass(frozen=True)
class Problem:
    code: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"{self.code}: {self.subject} — {self.detail}"


def wallet_audit() -> list[Problem]:
    """Every broken invariant, empty when the ledger is sound. Reads only; aggregate queries."""
    problems: list[Problem] = []
    unbalanced = (
        LedgerTransaction.objects.annotate(total=Sum("entries__amount"), n=Count("entries"))
        .filter(Q(n=0) | ~Q(total=ZERO))
        .values_list("pk", "key", "total")
    )
    for pk, key, total in unbalanced:
        problems.append(Problem("unbalanced_transaction", f"#{pk} {key}", f"entries sum to {total or ZERO}"))
    sums = dict(Entry.objects.values("account_id").annotate(total=Sum("amount")).values_list("account_id", "total"))
    reversal_debits = dict(
        Entry.objects.filter(
            account__kind=AccountKind.VENDOR_AVAILABLE, transaction__kind=LedgerTransaction.Kind.REVERSAL, amount__lt=0
        ).values("account_id").annotate(total=Sum("amount")).values_list("account_id", "total")
    )
    for account in Account.objects.select_related("vendor").order_by("pk"):
        total = sums.get(account.pk, ZERO)
        if account.balance != total:
            problems.append(Problem("balance_mismatch", str(account), f"stored {account.balance}, entries sum to {total}"))
        if account.kind in (AccountKind.VENDOR_PENDING, AccountKind.VENDOR_RESERVED) and total < ZERO:
            problems.append(Problem("negative_balance", str(account), f"{total}"))
        if account.kind == AccountKind.VENDOR_AVAILABLE and total < reversal_debits.get(account.pk, ZERO):
            problems.append(Problem(
                "negative_available", str(account),
                f"{total}, of which reversals explain {reversal_debits.get(account.pk, ZERO)}",
            ))
    return problems
