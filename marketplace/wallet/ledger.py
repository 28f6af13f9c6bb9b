"""Posting to the ledger: the one function that writes entries and moves stored balances.

``ledger_post`` locks the accounts it touches (``select_for_update``, always in primary-key order,
so two postings over the same accounts never deadlock), then checks the idempotency key under
those locks: a business event replayed — a webhook twice, a job re-run — posts nothing.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

from marketplace.common.money import money

from .models import ZERO, Account, AccountKind, Entry, LedgerTransaction


class UnbalancedPosting(ValueError):
    """The lines of a posting do not sum to zero (a programming error, never a user's)."""


def account_for(*, kind: str, vendor=None) -> Account:
    """The account of ``kind`` for ``vendor`` (None: the platform's), made on first use."""
    account, _created = Account.objects.get_or_create(kind=kind, vendor=vendor)
    return account


def vendor_accounts(vendor) -> dict[str, Account]:
    """The vendor's pending, available and reserved accounts, by kind (made on first use)."""
    return {kind: account_for(kind=kind, vendor=vendor) for kind in (
        AccountKind.VENDOR_PENDING, AccountKind.VENDOR_AVAILABLE, AccountKind.VENDOR_RESERVED,
    )}


def platform_account(kind: str) -> Account:
    return account_for(kind=kind, vendor=None)


def accounts_lock(accounts: Iterable[Account]) -> dict[int, Account]:
    """Lock the accounts' rows in a fixed order (by pk) and return them fresh, by pk."""
    ids = sorted({a.pk for a in accounts})
    return {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


@transaction.atomic
def ledger_post(
    *, key: str, kind: str, lines: Iterable[tuple[Account, Decimal]], vendor=None, order=None, shipment=None,
    payout=None, memo: str = "",
) -> LedgerTransaction | None:
    """Post one balanced transaction; None when ``key`` was posted before (nothing changes).

    ``lines`` are (account, signed amount); lines on the same account are added up and zero
    lines dropped. Raises ``UnbalancedPosting`` unless the amounts sum to zero.
    """
    per_account: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_pk: dict[int, Account] = {}
    for account, amount in lines:
        per_account[account.pk] += money(amount)
        by_pk[account.pk] = account
    if sum(per_account.values(), ZERO) != ZERO:
        raise UnbalancedPosting(f"{key}: {dict(per_account)} does not sum to zero")
    locked = accounts_lock(by_pk.values())
    if LedgerTransaction.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            txn = LedgerTransaction.objects.create(
                key=key, kind=kind, vendor=vendor, order=order, shipment=shipment, payout=payout, memo=str(memo)[:255]
            )
    except IntegrityError:
        return None  # posted by a concurrent replay that committed between our check and insert
    entries = []
    for pk in sorted(per_account):
        amount = per_account[pk]
        if amount == ZERO:
            continue
        account = locked[pk]
        account.balance += amount
        entries.append(Entry(transaction=txn, account=account, amount=amount, balance_after=account.balance))
        Account.objects.filter(pk=pk).update(balance=F("balance") + amount)
    Entry.objects.bulk_create(entries)
    return txn
