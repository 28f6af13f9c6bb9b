"""The ledger itself: balanced, append-only (model and PostgreSQL trigger), idempotent, audited."""

import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from marketplace.wallet.audit import wallet_audit
from marketplace.wallet.ledger import UnbalancedPosting, ledger_post, platform_account, vendor_accounts
from marketplace.wallet.models import ZERO, AccountKind, AppendOnlyError, Entry, LedgerTransaction
from marketplace.wallet.selectors import Balances, vendor_balances
from marketplace.wallet.tasks import wallet_audit_task
from tests.factories import UserFactory, approved_vendor, customer

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def _sale(vendor, key="sale:1", amount="100.00"):
    accounts = vendor_accounts(vendor)
    return ledger_post(key=key, kind="sale", vendor=vendor, lines=[
        (platform_account(AccountKind.BUYER_CLEARING), -Decimal(amount)),
        (accounts[AccountKind.VENDOR_PENDING], Decimal(amount)),
    ])


def _tamper(sql: str, params) -> None:
    """Change a ledger row behind the application's back (a bug, a shell, another program)."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET session_replication_role = replica")  # the append-only trigger off (superuser)
        cursor.execute(sql, params)
        if POSTGRES:
            cursor.execute("SET session_replication_role = origin")


def test_a_posting_moves_stored_balances_and_running_balances():
    vendor = approved_vendor()
    _sale(vendor, "sale:1")
    _sale(vendor, "sale:2", "50.00")
    pending = vendor_accounts(vendor)[AccountKind.VENDOR_PENDING]
    pending.refresh_from_db()
    assert pending.balance == Decimal("150.00")
    assert list(pending.entries.order_by("pk").values_list("balance_after", flat=True)) == [Decimal("100.00"), Decimal("150.00")]
    assert wallet_audit() == []


def test_an_unbalanced_posting_is_refused_and_writes_nothing():
    vendor = approved_vendor()
    with pytest.raises(UnbalancedPosting):
        ledger_post(key="bad", kind="sale", lines=[(vendor_accounts(vendor)[AccountKind.VENDOR_PENDING], Decimal("1"))])
    assert not LedgerTransaction.objects.exists()


def test_the_same_key_posts_once():
    vendor = approved_vendor()
    assert _sale(vendor) is not None
    assert _sale(vendor) is None
    assert Entry.objects.count() == 2


def test_entries_and_transactions_refuse_update_and_delete():
    vendor = approved_vendor()
    txn = _sale(vendor)
    entry = txn.entries.first()
    entry.amount = Decimal("1.00")
    for attempt in (entry.save, entry.delete, txn.delete, lambda: Entry.objects.update(amount=1), Entry.objects.all().delete):
        with pytest.raises(AppendOnlyError):
            attempt()


@pytest.mark.skipif(not POSTGRES, reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_raw_updates_and_deletes():
    vendor = approved_vendor()
    txn = _sale(vendor)
    for sql in ("UPDATE wallet_entry SET amount = 1 WHERE transaction_id = %s", "DELETE FROM wallet_entry WHERE transaction_id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [txn.pk])
    assert Entry.objects.filter(transaction=txn).count() == 2


def test_wallet_audit_catches_a_tampered_entry():
    # Given a sound ledger
    vendor = approved_vendor()
    txn = _sale(vendor)
    call_command("wallet_audit")
    # When an entry's amount is changed in the database
    _tamper("UPDATE wallet_entry SET amount = %s WHERE id = %s", [Decimal("90.00"), txn.entries.get(amount__gt=0).pk])
    # Then the audit reports the transaction that no longer sums to zero and the balance that no longer matches
    codes = {p.code for p in wallet_audit()}
    assert codes == {"unbalanced_transaction", "balance_mismatch"}
    with pytest.raises(CommandError):
        call_command("wallet_audit")


def test_an_unexplained_negative_available_balance_is_reported():
    vendor = approved_vendor()
    accounts = vendor_accounts(vendor)
    ledger_post(key="oops", kind="payout_requested", vendor=vendor, lines=[
        (accounts[AccountKind.VENDOR_AVAILABLE], Decimal("-10.00")), (accounts[AccountKind.VENDOR_RESERVED], Decimal("10.00")),
    ])
    assert [p.code for p in wallet_audit()] == ["negative_available"]


def test_the_nightly_job_emails_only_staff_who_keep_the_ledger(settings):
    keeper = UserFactory(is_staff=True, email="contabil@snobistic.ro")
    keeper.user_permissions.add(Permission.objects.get(codename="can_view_ledger"))
    UserFactory(is_staff=True, email="altcineva@snobistic.ro")
    customer(email="client@example.com")
    vendor = approved_vendor()
    assert wallet_audit_task() == 0
    assert mail.outbox == []
    txn = _sale(vendor)
    _tamper("UPDATE wallet_entry SET amount = %s WHERE id = %s", [Decimal("1.00"), txn.entries.get(amount__gt=0).pk])
    assert wallet_audit_task() == 2
    assert [m.to for m in mail.outbox] == [["contabil@snobistic.ro"]]
    assert "sale:1" in mail.outbox[0].body


def test_a_posting_leaves_running_balances_that_follow_each_account_in_order():
    vendor = approved_vendor()
    for i, amount in enumerate(("10.00", "2.50", "7.25")):
        _sale(vendor, f"sale:{i}", amount)
    clearing = platform_account(AccountKind.BUYER_CLEARING)
    assert list(clearing.entries.order_by("pk").values_list("balance_after", flat=True)) == [
        Decimal("-10.00"), Decimal("-12.50"), Decimal("-19.75"),
    ]


def test_a_posting_on_an_account_that_does_not_exist_writes_nothing():
    vendor = approved_vendor()
    ghost = vendor_accounts(vendor)[AccountKind.VENDOR_PENDING]
    ghost.pk = 10**9
    with pytest.raises(IntegrityError):
        ledger_post(key="ghost", kind="sale", vendor=vendor, lines=[
            (platform_account(AccountKind.BUYER_CLEARING), Decimal("-5.00")), (ghost, Decimal("5.00")),
        ])
    assert not LedgerTransaction.objects.filter(key="ghost").exists()
    assert wallet_audit() == []


def test_vendor_balances_is_one_query_and_reads_money_by_profile_or_id(django_assert_num_queries):
    vendor = approved_vendor()
    _sale(vendor, "sale:1", "12.50")
    with django_assert_num_queries(1):
        by_profile = vendor_balances(vendor=vendor)
    assert by_profile == vendor_balances(vendor=vendor.pk)
    assert (by_profile.pending, by_profile.available, by_profile.total) == (Decimal("12.50"), Decimal("0.00"), Decimal("12.50"))
    assert str(by_profile.pending) == "12.50"
    assert vendor_balances(vendor=approved_vendor()) == Balances()


@pytest.mark.skipif(not POSTGRES, reason="the PostgreSQL path: its statements")
def test_a_posting_is_three_statements_and_a_replay_two():
    vendor = approved_vendor()
    accounts = vendor_accounts(vendor)
    clearing, commission = platform_account(AccountKind.BUYER_CLEARING), platform_account(AccountKind.COMMISSION_INCOME)
    lines = [(clearing, Decimal("-100.00")), (accounts[AccountKind.VENDOR_PENDING], Decimal("85.00")), (commission, Decimal("15.00"))]
    # the vendor's lock, the transaction row, the balances and entries (the test's savepoints aside)
    with CaptureQueriesContext(connection) as posting:
        txn = ledger_post(key="sale:rt", kind="sale", vendor=vendor, lines=lines)
    with CaptureQueriesContext(connection) as replay:
        assert ledger_post(key="sale:rt", kind="sale", vendor=vendor, lines=lines) is None

    def statements(context):
        return [q["sql"].split()[0] for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]

    assert statements(posting) == ["SELECT", "INSERT", "WITH"]
    assert statements(replay) == ["SELECT", "INSERT"]
    assert txn.pk == LedgerTransaction.objects.get(key="sale:rt").pk
    assert sorted(txn.entries.values_list("amount", "balance_after")) == [
        (Decimal("-100.00"), Decimal("-100.00")), (Decimal("15.00"), Decimal("15.00")), (Decimal("85.00"), Decimal("85.00")),
    ]
    assert wallet_audit() == []


@pytest.mark.skipif(not POSTGRES, reason="needs concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the flush keeps the migrations' roles
def test_concurrent_postings_keep_every_stored_balance_equal_to_its_entries():
    # Given four vendors and eight writers posting sales (and replaying some keys) at the same moment,
    # all through the same two platform accounts, two writers per vendor
    vendors = [approved_vendor() for _i in range(4)]
    accounts = {v.pk: vendor_accounts(v) for v in vendors}
    clearing, commission = platform_account(AccountKind.BUYER_CLEARING), platform_account(AccountKind.COMMISSION_INCOME)
    barrier = threading.Barrier(8)
    errors: list[str] = []

    def write(n: int) -> None:
        vendor = vendors[n % 4]
        pending = accounts[vendor.pk][AccountKind.VENDOR_PENDING]
        try:
            barrier.wait()
            for i in range(25):
                key = f"sale:{vendor.pk}:{i}" if i % 5 == 0 else f"sale:{n}:{i}"  # every fifth key posted by two writers
                ledger_post(key=key, kind="sale", vendor=vendor, lines=[
                    (clearing, Decimal("-10.00")), (pending, Decimal("8.50")), (commission, Decimal("1.50")),
                ])
        except Exception as exc:  # noqa: BLE001 - shown in the assertion
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then nothing failed, each key posted once, and every balance is the sum of its entries
    assert errors == []
    postings = 8 * 20 + 4 * 5
    assert LedgerTransaction.objects.count() == postings
    clearing.refresh_from_db()
    commission.refresh_from_db()
    assert clearing.balance == Decimal("-10.00") * postings
    assert commission.balance == Decimal("1.50") * postings
    assert wallet_audit() == []
    # and each account's running balances, in the order they were written, step by its amounts
    for account in (clearing, commission, *(a[AccountKind.VENDOR_PENDING] for a in accounts.values())):
        running = ZERO
        for amount, balance_after in account.entries.order_by("pk").values_list("amount", "balance_after"):
            running += amount
            assert balance_after == running
        # for a vendor's account, in the order of their times too (what statements read)
        if account.vendor_id:
            by_time = list(account.entries.order_by("created_at", "pk").values_list("balance_after", flat=True))
            assert by_time == sorted(by_time)
