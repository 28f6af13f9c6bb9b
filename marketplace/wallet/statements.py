"""Monthly wallet statements: what a vendor's money did in one month (``wallet_statement(period)``).

A statement reads the ledger only: the opening balance of each of the vendor's accounts is the
running balance after the last entry posted before the month began (one indexed row per account,
no history scan), the closing balance the one after the last entry before the month ended (or
before now, for the month under way), and in between every movement on those accounts in posting
order. Totals of the period: sales (what buyers paid for the vendor's parcels, shipping included),
commission the platform kept (less what refunds gave back), refunds and payouts sent to the bank.

``statement_issue`` records a closed month's statement once (the job on the 1st, or the first
download); the month under way is shown as a provisional statement and recorded nowhere.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.vendors.models import VendorProfile

from .models import ZERO, AccountKind, Entry, LedgerTransaction, VendorStatement
from .periods import current_period, period_bounds, previous_period
from .selectors import Balances

Kind = LedgerTransaction.Kind
ACCOUNT_FIELDS = {
    AccountKind.VENDOR_PENDING: "pending", AccountKind.VENDOR_AVAILABLE: "available", AccountKind.VENDOR_RESERVED: "reserved",
}


@dataclass(frozen=True)
class Movement:
    at: datetime
    kind: str  # LedgerTransaction.Kind
    account: str  # AccountKind
    memo: str
    order_number: str
    amount: object
    balance_after: object


@dataclass(frozen=True)
class StatementData:
    vendor: VendorProfile
    period: date
    start: datetime
    until: datetime  # the month's end, or now for the month under way
    provisional: bool
    opening: Balances
    closing: Balances
    sales: object = ZERO
    commission: object = ZERO
    refunds: object = ZERO
    payouts: object = ZERO
    movements: list[Movement] = field(default_factory=list)


def _balances_before(vendor: VendorProfile, moment: datetime) -> Balances:
    """Each vendor account's running balance after its last entry before ``moment`` (three indexed reads)."""
    values = {}
    for kind, name in ACCOUNT_FIELDS.items():
        last = (
            Entry.objects.filter(account__vendor=vendor, account__kind=kind, created_at__lt=moment)
            .order_by("-created_at", "-pk").values_list("balance_after", flat=True).first()
        )
        values[name] = last if last is not None else ZERO
    return Balances(**values)


def statement_period_check(period: date, *, now: datetime | None = None) -> bool:
    """True when ``period`` is closed, False when it is under way; a future month is refused."""
    current = current_period(now)
    if period > current:
        raise ValidationError(_("That month has not begun yet."), code="statement_period_future")
    return period < current


def statement_data(*, vendor: VendorProfile, period: date, now: datetime | None = None) -> StatementData:
    """Everything a statement shows, read from the ledger (a fixed number of queries)."""
    now = now or timezone.now()
    closed = statement_period_check(period, now=now)
    start, end = period_bounds(period)
    until = end if closed else now
    totals = {
        (row["transaction__kind"], row["account__kind"]): row["total"]
        for row in Entry.objects.filter(transaction__vendor=vendor, created_at__gte=start, created_at__lt=until)
        .values("transaction__kind", "account__kind").annotate(total=Sum("amount"))
    }

    def total(kind, account) -> object:
        return totals.get((kind, account), ZERO)

    commission = total(Kind.SALE, AccountKind.COMMISSION_INCOME) + total(Kind.REVERSAL, AccountKind.COMMISSION_INCOME)
    # one query, plain tuples (no model instances: a busy month has thousands of movements)
    rows = (
        Entry.objects.filter(account__vendor=vendor, created_at__gte=start, created_at__lt=until)
        .order_by("created_at", "pk")
        .values_list(
            "created_at", "transaction__kind", "account__kind", "transaction__memo", "transaction__order__number",
            "amount", "balance_after",
        )
    )
    movements = [
        Movement(
            at=at, kind=kind, account=account, memo=memo, order_number=order_number or "", amount=amount,
            balance_after=balance_after,
        )
        for at, kind, account, memo, order_number, amount, balance_after in rows
    ]
    return StatementData(
        vendor=vendor, period=period, start=start, until=until, provisional=not closed,
        opening=_balances_before(vendor, start), closing=_balances_before(vendor, until),
        sales=total(Kind.SALE, AccountKind.VENDOR_PENDING) + total(Kind.SALE, AccountKind.COMMISSION_INCOME),
        commission=commission,
        refunds=total(Kind.REVERSAL, AccountKind.REFUNDS_PAYABLE),
        payouts=total(Kind.PAYOUT_SENT, AccountKind.PAYOUTS_IN_TRANSIT) - total(Kind.PAYOUT_RETURNED, AccountKind.VENDOR_AVAILABLE),
        movements=movements,
    )


def statement_issue(*, vendor: VendorProfile, period: date, now: datetime | None = None) -> VendorStatement:
    """Record the statement of a closed month (once: a second call returns the first)."""
    existing = VendorStatement.objects.filter(vendor=vendor, period=period).first()
    if existing is not None:
        return existing
    if not statement_period_check(period, now=now):
        raise ValidationError(_("A statement is issued once its month has ended."), code="statement_period_open")
    data = statement_data(vendor=vendor, period=period, now=now)
    try:
        with transaction.atomic():
            return VendorStatement.objects.create(
                vendor=vendor, period=period, opening_balance=data.opening.total, closing_balance=data.closing.total,
                sales=data.sales, commission=data.commission, refunds=data.refunds, payouts=data.payouts,
                movements=len(data.movements),
            )
    except IntegrityError:  # issued by a concurrent run between our read and insert
        return VendorStatement.objects.get(vendor=vendor, period=period)


@transaction.atomic
def statement_mark_emailed(*, statement: VendorStatement) -> bool:
    """Claim the statement's e-mail (once): False when it was already sent."""
    return bool(
        VendorStatement.objects.filter(pk=statement.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    )


def vendors_with_ledger(period: date):
    """Vendors whose wallet had an account before the month ended (they get a statement)."""
    _start, end = period_bounds(period)
    return VendorProfile.objects.filter(wallet_accounts__created_at__lt=end).distinct().order_by("pk")


def statement_months(*, vendor: VendorProfile, now: datetime | None = None, limit: int = 24) -> list[tuple[date, VendorStatement | None]]:
    """The months a vendor can ask a statement for (newest first, from the month their shop opened), each
    with its recorded statement when there is one. Two queries."""
    current = current_period(now)
    opened = current_period(vendor.created_at)
    recorded = {s.period: s for s in VendorStatement.objects.filter(vendor=vendor, period__gte=opened)}
    months, month = [], current
    while month >= opened and len(months) < limit:
        months.append((month, recorded.get(month)))
        month = previous_period(month)
    return months
