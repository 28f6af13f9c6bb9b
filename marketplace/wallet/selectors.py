"""Reads of the wallet: settings, balances (stored, no history scan), movements."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, router
from django.db.models import QuerySet

from marketplace.common.money import money

from .models import ZERO, Account, AccountKind, Entry, WalletSettings


def wallet_settings() -> WalletSettings:
    """The wallet settings row (the model's defaults until staff first save it)."""
    return WalletSettings.objects.filter(pk=WalletSettings.SINGLETON_PK).first() or WalletSettings()


@dataclass(frozen=True)
class Balances:
    pending: Decimal = ZERO
    available: Decimal = ZERO
    reserved: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.pending + self.available + self.reserved


# The balance read is on every vendor page and in the API: one indexed statement
# (wallet_account_one_per_vendor_kind), sent as it stands — building it with the ORM cost several
# times the query itself.
BALANCES_SQL = "SELECT kind, balance FROM wallet_account WHERE vendor_id = %s"


def vendor_balances(*, vendor) -> Balances:
    """The vendor's stored balances (``vendor``: the profile or its id), one query."""
    vendor_id = getattr(vendor, "pk", vendor)
    connection = connections[router.db_for_read(Account)]
    with connection.cursor() as cursor:
        cursor.execute(BALANCES_SQL, [vendor_id])
        rows = cursor.fetchall()
    if connection.vendor != "postgresql":  # SQLite gives numbers back as int / float
        rows = [(kind, money(str(balance))) for kind, balance in rows]
    stored = dict(rows)
    return Balances(
        pending=stored.get(AccountKind.VENDOR_PENDING, ZERO),
        available=stored.get(AccountKind.VENDOR_AVAILABLE, ZERO),
        reserved=stored.get(AccountKind.VENDOR_RESERVED, ZERO),
    )


def vendor_entries(*, vendor) -> QuerySet[Entry]:
    """Every movement on the vendor's accounts, newest first, with what a list shows."""
    return (
        Entry.objects.filter(account__vendor=vendor)
        .select_related("account", "transaction", "transaction__order")
        .order_by("-created_at", "-pk")
    )
