"""Reads of what was sold and what it earned, for the dashboards and the money columns of both back offices.

A line is *sold* once its order was paid (cash on delivery: once the cash was counted): that is
when ``escrow_sale_post`` computes its commission and keeps it as a ``CommissionCharge``. So
every figure here reads the charges — gross, commission and net are the ones the ledger posted,
never computed a second time. A sale whose order was later cancelled or refunded stays in the
sold list with its status; the sales figures (today / 7 / 30 days, the chart, GMV) leave such
orders out. Every read is a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from marketplace.orders.models import Order, OrderItem, Shipment
from marketplace.vendors.access import vendor_scope

from .models import ZERO, Account, AccountKind, CommissionCharge, Entry, LedgerTransaction, PayoutRequest

S = Order.Status
# Orders whose sale no longer stands: left out of sales figures (their reversal is in the ledger).
UNSOLD_STATUSES = (S.CANCELLED, S.REFUNDED)
# A vendor's parcels still to leave the shop, and the statuses counted on the dashboards.
TO_SHIP_STATUSES = (S.PAID, S.AWB_GENERATED)
_MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class LineMoney:
    """What one order line is worth to the shop: gross, the platform's commission, net."""

    gross: Decimal
    commission: Decimal | None
    percent: Decimal | None = None

    @property
    def net(self) -> Decimal | None:
        return None if self.commission is None else self.gross - self.commission


def line_money(item: OrderItem) -> LineMoney:
    """The line's gross, commission and net; the commission is None until the order is paid.

    Reads ``item.commission`` — ``select_related("commission")`` it for a list (no query per line then).
    """
    try:
        charge = item.commission
    except CommissionCharge.DoesNotExist:
        return LineMoney(gross=item.line_total, commission=None)
    return LineMoney(gross=charge.gross, commission=charge.amount, percent=charge.percent)


def sold_items_for_user(*, user) -> QuerySet[OrderItem]:
    """`vendor_sold`: the vendor's sold lines, newest sale first, with their commission (one query a page)."""
    return (
        vendor_scope(OrderItem.objects.filter(commission__isnull=False), user=user)
        .select_related("commission", "order", "shipment")
        .order_by("-commission__created_at", "-pk")
    )


def sold_totals(queryset: QuerySet[OrderItem]) -> dict[str, Decimal]:
    """Gross, commission and net of the sold lines in ``queryset`` (one query)."""
    totals = queryset.order_by().aggregate(
        gross=Coalesce(Sum("commission__gross"), Value(ZERO), output_field=_MONEY),
        commission=Coalesce(Sum("commission__amount"), Value(ZERO), output_field=_MONEY),
        lines=Count("pk"),
    )
    totals["net"] = totals["gross"] - totals["commission"]
    return totals


@dataclass(frozen=True)
class Period:
    gross: Decimal = ZERO
    commission: Decimal = ZERO
    lines: int = 0

    @property
    def net(self) -> Decimal:
        return self.gross - self.commission


@dataclass(frozen=True)
class SalesSummary:
    today: Period = field(default_factory=Period)
    week: Period = field(default_factory=Period)
    month: Period = field(default_factory=Period)


def _charges(vendor=None) -> QuerySet[CommissionCharge]:
    charges = CommissionCharge.objects.exclude(item__order__status__in=UNSOLD_STATUSES)
    return charges if vendor is None else charges.filter(item__vendor=vendor)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def sales_summary(*, vendor=None, now: datetime | None = None) -> SalesSummary:
    """Sales of today, the last 7 and the last 30 days (since local midnight), one query.

    ``vendor`` None: the whole marketplace (GMV of the lines and the platform's commission).
    """
    today = timezone.localdate(now or timezone.now())
    starts = {"today": _day_start(today), "week": _day_start(today - timedelta(days=6)), "month": _day_start(today - timedelta(days=29))}
    aggregates = {}
    for name, start in starts.items():
        since = Q(created_at__gte=start)
        aggregates[f"{name}_gross"] = Coalesce(Sum("gross", filter=since), Value(ZERO), output_field=_MONEY)
        aggregates[f"{name}_commission"] = Coalesce(Sum("amount", filter=since), Value(ZERO), output_field=_MONEY)
        aggregates[f"{name}_lines"] = Count("pk", filter=since)
    row = _charges(vendor).filter(created_at__gte=starts["month"]).aggregate(**aggregates)
    return SalesSummary(**{
        name: Period(gross=row[f"{name}_gross"], commission=row[f"{name}_commission"], lines=row[f"{name}_lines"])
        for name in starts
    })


def sales_per_day(*, vendor=None, days: int = 30, now: datetime | None = None) -> list[tuple[date, Decimal, Decimal]]:
    """(day, gross, commission) for each of the last ``days`` local days, oldest first, zeros included; one query."""
    today = timezone.localdate(now or timezone.now())
    first = today - timedelta(days=days - 1)
    rows = (
        _charges(vendor).filter(created_at__gte=_day_start(first))
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day").annotate(gross=Sum("gross"), commission=Sum("amount")).order_by("day")
    )
    by_day = {row["day"]: (row["gross"], row["commission"]) for row in rows}
    return [(day, *by_day.get(day, (ZERO, ZERO))) for day in (first + timedelta(days=i) for i in range(days))]


def shipments_by_status(*, vendor=None) -> dict[str, int]:
    """How many of the vendor's parcels (``vendor`` None: how many placed orders) are in each status; one query."""
    if vendor is None:
        rows = Order.objects.exclude(placed_at__isnull=True).values_list("status").annotate(n=Count("pk")).order_by()
    else:
        rows = Shipment.objects.filter(vendor=vendor).values_list("order__status").annotate(n=Count("pk")).order_by()
    return dict(rows)


def shipments_to_ship(*, vendor=None) -> QuerySet[Shipment]:
    """Parcels paid and not yet handed to the courier, the nearest deadline first (``vendor`` None: all shops')."""
    queryset = Shipment.objects.filter(order__status__in=TO_SHIP_STATUSES, cancelled_at__isnull=True, shipped_at__isnull=True)
    if vendor is not None:
        queryset = queryset.filter(vendor=vendor)
    return queryset.select_related("order", "vendor").order_by("ship_by", "pk")


def late_shipments(*, now: datetime | None = None) -> QuerySet[Shipment]:
    """Parcels whose shipping deadline passed before they left the shop."""
    return shipments_to_ship().filter(ship_by__lt=now or timezone.now())


@dataclass(frozen=True)
class PayoutsDue:
    requested: int = 0
    requested_total: Decimal = ZERO
    approved: int = 0
    approved_total: Decimal = ZERO


def payouts_due() -> PayoutsDue:
    """Payout requests waiting for staff (to decide, or approved and not yet in a batch); one query."""
    requested = Q(status=PayoutRequest.Status.REQUESTED)
    approved = Q(status=PayoutRequest.Status.APPROVED, batch__isnull=True)
    row = PayoutRequest.objects.aggregate(
        requested=Count("pk", filter=requested),
        requested_total=Coalesce(Sum("amount", filter=requested), Value(ZERO), output_field=_MONEY),
        approved=Count("pk", filter=approved),
        approved_total=Coalesce(Sum("amount", filter=approved), Value(ZERO), output_field=_MONEY),
    )
    return PayoutsDue(**row)


def commission_income() -> Decimal:
    """What the platform's commission income account holds (commission earned less what was given back)."""
    return Account.objects.filter(vendor__isnull=True, kind=AccountKind.COMMISSION_INCOME).values_list("balance", flat=True).first() or ZERO


def entries_with_commission(queryset: QuerySet) -> QuerySet:
    """Entries annotated, on the vendor's leg of a sale, with the sale's ``commission`` and ``gross`` (net + commission).

    One subquery in the same SQL statement (no query per row); other movements get None for both.
    """
    commission = Subquery(
        Entry.objects.filter(transaction=OuterRef("transaction"), account__kind=AccountKind.COMMISSION_INCOME)
        .values("amount")[:1],
        output_field=_MONEY,
    )
    sale_leg = Q(transaction__kind=LedgerTransaction.Kind.SALE, account__vendor__isnull=False)
    return queryset.annotate(
        commission=Case(When(sale_leg, then=Coalesce(commission, Value(ZERO), output_field=_MONEY)), default=None, output_field=_MONEY),
    ).annotate(gross=F("amount") + F("commission"))
