"""The ledger itself: balanced, append-only (model and PostgreSQL trigger), idempotent, audited."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from marketplace.wallet.audit import wallet_audit
from marketplace.wallet.ledger import UnbalancedPosting, ledger_post, platform_account, vendor_accounts
from marketplace.wallet.models import AccountKind, AppendOnlyError, Entry, LedgerTransaction
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
