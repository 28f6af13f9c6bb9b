"""Posting to the ledger: the one function that writes entries and moves stored balances.

Locks and their order. A posting's vendor accounts are locked first (``select_for_update``, in
primary-key order), before the posting takes its time, so a vendor's entries are timed in the order
their running balances were computed; a check that needs a fresh balance (a payout reservation)
takes the same locks first with ``accounts_lock`` and keeps them. The platform's accounts (buyer
clearing, commission income…) are in every sale: they are locked last, by the one statement that
moves every stored balance and writes the entries, just before the commit, so a posting holds them
only for that statement and its commit. Every posting locks in the same order — vendor accounts by
pk, then platform accounts by pk — so two postings never deadlock.

Idempotency: ``LedgerTransaction.key`` is unique. The transaction row is inserted first; on
PostgreSQL with ``ON CONFLICT (key) DO NOTHING`` (a replay — a webhook twice, a job re-run — gets
no row back and posts nothing; a concurrent replay waits for the first to commit or roll back).

On PostgreSQL a posting is BEGIN, the vendor lock, the transaction row, one statement for the
balances and entries, COMMIT. Other databases (SQLite in development and tests, which serialises
writers anyway) take the portable path: the same locks, ORM statements.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils import timezone

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
    """Lock the accounts' rows in a fixed order (by pk) and return them fresh, by pk.

    For vendor accounts: a posting locks platform accounts after these, never before.
    """
    ids = sorted({a.pk for a in accounts})
    if not ids:
        return {}
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
    moves = {pk: amount for pk, amount in per_account.items() if amount != ZERO}
    if not moves:
        raise UnbalancedPosting(f"{key}: no amount moves")
    alias = router.db_for_write(LedgerTransaction)
    postgresql = connections[alias].vendor == "postgresql"
    # the vendor's accounts first, then (in the last statement) the platform's: every posting's lock order
    held = sorted(pk for pk in moves if by_pk[pk].vendor_id is not None)
    if held and postgresql:
        with connections[alias].cursor() as cursor:
            cursor.execute(VENDOR_LOCK, [held])
    elif held:
        accounts_lock(by_pk[pk] for pk in held)
    values = {  # timed once the vendor's accounts are held: their entries' times follow their running balances
        "key": key, "kind": kind, "vendor": vendor, "order": order, "shipment": shipment, "payout": payout,
        "memo": str(memo)[:255], "created_at": timezone.now(),
    }
    if postgresql:
        return _post_postgresql(alias, values, moves)
    return _post_portable(alias, values, moves)


def _txn_built(alias: str, pk: int, values: dict) -> LedgerTransaction:
    txn = LedgerTransaction(pk=pk, **values)
    txn._state.adding, txn._state.db = False, alias
    return txn


# The SQL of the PostgreSQL path (the models' tables and columns, checked by the tests on PostgreSQL).
VENDOR_LOCK = "SELECT id FROM wallet_account WHERE id = ANY(%s::bigint[]) ORDER BY id FOR UPDATE"
TXN_INSERT = """
    INSERT INTO wallet_ledgertransaction (key, kind, vendor_id, order_id, shipment_id, payout_id, memo, created_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO NOTHING RETURNING id
"""
# Lock every account in the posting's order (the vendor's are held already: a no-op for them), move
# the stored balances and write one entry per account with the running balance it leaves.
BALANCES_MOVE = """
    WITH locked AS (
        SELECT id FROM wallet_account WHERE id = ANY(%s::bigint[]) ORDER BY (vendor_id IS NULL), id FOR UPDATE
    ), moved AS (
        UPDATE wallet_account a SET balance = a.balance + m.amount
        FROM unnest(%s::bigint[], %s::numeric[]) AS m(id, amount)
        WHERE a.id = m.id AND a.id IN (SELECT id FROM locked)
        RETURNING a.id, m.amount, a.balance
    )
    INSERT INTO wallet_entry (transaction_id, account_id, amount, balance_after, created_at)
    SELECT %s, id, amount, balance, %s FROM moved ORDER BY id
"""
TXN_COLUMNS = ("key", "kind", "vendor", "order", "shipment", "payout", "memo", "created_at")


def _post_postgresql(alias: str, values: dict, moves: dict[int, Decimal]) -> LedgerTransaction | None:
    connection = connections[alias]
    draft = _txn_built(alias, None, values)
    params = [
        field.get_db_prep_save(getattr(draft, field.attname), connection)
        for field in (LedgerTransaction._meta.get_field(name) for name in TXN_COLUMNS)
    ]
    with connection.cursor() as cursor:
        cursor.execute(TXN_INSERT, params)
        row = cursor.fetchone()
        if row is None:
            return None  # posted before (or by a concurrent replay that committed first)
        txn_id = row[0]
        ids = sorted(moves)
        cursor.execute(BALANCES_MOVE, [ids, ids, [moves[pk] for pk in ids], txn_id, params[-1]])
        if cursor.rowcount != len(ids):
            raise IntegrityError(f"{values['key']}: {len(ids) - cursor.rowcount} of its accounts do not exist")
    return _txn_built(alias, txn_id, values)


def _post_portable(alias: str, values: dict, moves: dict[int, Decimal]) -> LedgerTransaction | None:
    if LedgerTransaction.objects.using(alias).filter(key=values["key"]).exists():
        return None
    try:
        with transaction.atomic(using=alias):
            txn = LedgerTransaction.objects.using(alias).create(**values)
    except IntegrityError:
        return None  # posted by a concurrent replay that committed between our check and insert
    locked = {
        a.pk: a for a in Account.objects.using(alias).select_for_update()
        .filter(pk__in=moves).order_by(F("vendor_id").asc(nulls_last=True), "pk")
    }
    if len(locked) != len(moves):
        raise IntegrityError(f"{values['key']}: {len(moves) - len(locked)} of its accounts do not exist")
    entries = []
    for pk in sorted(moves):
        amount, account = moves[pk], locked[pk]
        account.balance += amount
        entries.append(Entry(transaction=txn, account=account, amount=amount, balance_after=account.balance, created_at=values["created_at"]))
        Account.objects.using(alias).filter(pk=pk).update(balance=F("balance") + amount)
    Entry.objects.using(alias).bulk_create(entries)
    return txn
