"""Reads of the wallet: settings, balances (stored, no history scan), movements."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

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


def vendor_balances(*, vendor) -> Balances:
    """The vendor's stored balances, one query."""
    rows = dict(Account.objects.filter(vendor=vendor).values_list("kind", "balance"))
    return Balances(
        pending=rows.get(AccountKind.VENDOR_PENDING, ZERO),
        available=rows.get(AccountKind.VENDOR_AVAILABLE, ZERO),
        reserved=rows.get(AccountKind.VENDOR_RESERVED, ZERO),
    )


def vendor_entries(*, vendor) -> QuerySet[Entry]:
    """Every movement on the vendor's accounts, newest first, with what a list shows."""
    return (
        Entry.objects.filter(account__vendor=vendor)
        .select_related("account", "transaction", "transaction__order")
        .order_by("-created_at", "-pk")
    )
