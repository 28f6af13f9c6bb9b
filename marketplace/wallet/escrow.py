"""Escrow: what the order's events post to the ledger. Each rule posts at most once (its key).

When an order is paid (``order_event_recorded``):

* card and bank transfer: the status move to *paid* (or its PAYMENT event, whichever comes first);
* cash on delivery: the PAYMENT event recorded when the courier delivers and the cash is counted —
  before that no money exists, so a COD order cancelled before delivery posts nothing.

each shipment posts one ``sale``: buyer payments clearing −(items + shipping); the vendor's
*pending* +(items − commission + shipping) (the shop ships its own parcels, so the shipping price
is the shop's); commission income +commission, computed per line by ``commission_for_line`` and
kept as a ``CommissionCharge``.

* order *completed* (the return window passed): each shipment's pending share moves to *available*.
* order *cancelled*: everything still standing for the order is reversed (into refunds payable).
* a REFUND event with ``data["amount"]``: that much is reversed — for ``data["shipment_id"]`` (or
  ``data["shipment"]``, or the shipment of ``data["return"]``) when given, else spread over the
  order's shipments in proportion to what each still stands at — then refunds payable is settled
  against clearing (the money left for the buyer), unless ``data["by_hand"]``: then it stays in
  refunds payable, owed until staff send it.
* status *refunded*: ``data["amount"]`` reversed when given, else everything still standing.

A reversal takes the commission back in proportion and the vendor's part from *pending* first,
then from *available* (which may go negative after release: it is netted against later sales,
and ``wallet_audit`` accepts a negative available balance only as far as such reversals explain it).
Cash-on-delivery orders, returns and partial refunds go through the same rules.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import FieldError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from marketplace.common.money import CENT, money
from marketplace.orders.models import Order, OrderEvent, Shipment

from .commission import commission_for_line
from .ledger import ledger_post, platform_account, vendor_accounts
from .models import ZERO, AccountKind, CommissionCharge, Entry, LedgerTransaction

Kind = LedgerTransaction.Kind
Status = Order.Status


def _standing(shipment: Shipment) -> dict[str, Decimal]:
    """What the shipment's postings still hold, per account kind (pending, available, commission)."""
    rows = (
        Entry.objects.filter(transaction__shipment=shipment)
        .values("account__kind")
        .annotate(total=Sum("amount"))
    )
    held = {row["account__kind"]: row["total"] for row in rows}
    # Payouts never carry a shipment, so the available total here is what this sale put there.
    return {
        AccountKind.VENDOR_PENDING: held.get(AccountKind.VENDOR_PENDING, ZERO),
        AccountKind.VENDOR_AVAILABLE: held.get(AccountKind.VENDOR_AVAILABLE, ZERO),
        AccountKind.COMMISSION_INCOME: held.get(AccountKind.COMMISSION_INCOME, ZERO),
    }


def _gross_standing(held: dict[str, Decimal]) -> Decimal:
    return sum(held.values(), ZERO)


@transaction.atomic
def escrow_sale_post(*, shipment: Shipment, at) -> LedgerTransaction | None:
    """The shipment's sale: buyer's money to the vendor's pending and the platform's commission."""
    key = f"sale:shipment:{shipment.pk}"
    if LedgerTransaction.objects.filter(key=key).exists():
        return None
    commission = ZERO
    items = list(shipment.items.select_related("product").order_by("pk"))
    for item in items:
        line = commission_for_line(
            vendor_id=shipment.vendor_id, category_id=item.product.category_id,
            unit_price=item.unit_price, quantity=item.quantity, at=at,
        )
        CommissionCharge.objects.get_or_create(item=item, defaults={
            "rule_id": line.terms.rule_id, "percent": line.terms.percent, "fixed_fee": line.terms.fixed_fee,
            "gross": line.gross, "amount": line.amount,
        })
        commission += line.amount
    gross = sum((item.line_total for item in items), ZERO) + shipment.shipping_price
    accounts = vendor_accounts(shipment.vendor)
    return ledger_post(
        key=key, kind=Kind.SALE, vendor=shipment.vendor, order=shipment.order, shipment=shipment,
        memo=_("Order %(number)s paid") % {"number": shipment.order.number},
        lines=[
            (platform_account(AccountKind.BUYER_CLEARING), -gross),
            (accounts[AccountKind.VENDOR_PENDING], gross - commission),
            (platform_account(AccountKind.COMMISSION_INCOME), commission),
        ],
    )


@transaction.atomic
def escrow_release(*, shipment: Shipment) -> LedgerTransaction | None:
    """The return window passed: what is pending for the shipment becomes available."""
    pending = _standing(shipment)[AccountKind.VENDOR_PENDING]
    if pending <= ZERO:
        return None
    accounts = vendor_accounts(shipment.vendor)
    return ledger_post(
        key=f"release:shipment:{shipment.pk}", kind=Kind.RELEASE, vendor=shipment.vendor, order=shipment.order,
        shipment=shipment, memo=_("Order %(number)s completed") % {"number": shipment.order.number},
        lines=[(accounts[AccountKind.VENDOR_PENDING], -pending), (accounts[AccountKind.VENDOR_AVAILABLE], pending)],
    )


@transaction.atomic
def escrow_reverse(*, shipment: Shipment, key: str, amount: Decimal | None = None, memo: str = "") -> LedgerTransaction | None:
    """Give back ``amount`` of the shipment's sale (None: all that still stands) into refunds payable."""
    held = _standing(shipment)
    standing = _gross_standing(held)
    amount = standing if amount is None else min(money(amount), standing)
    if amount <= ZERO:
        return None
    commission_held = held[AccountKind.COMMISSION_INCOME]
    commission = (commission_held * amount / standing).quantize(CENT, rounding=ROUND_HALF_UP) if standing else ZERO
    vendor_part = amount - commission
    from_pending = min(vendor_part, max(held[AccountKind.VENDOR_PENDING], ZERO))
    from_available = vendor_part - from_pending
    accounts = vendor_accounts(shipment.vendor)
    return ledger_post(
        key=key, kind=Kind.REVERSAL, vendor=shipment.vendor, order=shipment.order, shipment=shipment,
        memo=memo or _("Order %(number)s refunded") % {"number": shipment.order.number},
        lines=[
            (accounts[AccountKind.VENDOR_PENDING], -from_pending),
            (accounts[AccountKind.VENDOR_AVAILABLE], -from_available),
            (platform_account(AccountKind.COMMISSION_INCOME), -commission),
            (platform_account(AccountKind.REFUNDS_PAYABLE), amount),
        ],
    )


def _shipments(order: Order, data: dict) -> list[Shipment]:
    """The shipments an event concerns: ``shipment_id`` / ``shipment`` in its data, the shipment of
    its ``return``, else all of the order's."""
    queryset = order.shipments.select_related("vendor", "order").order_by("pk")
    shipment_id = data.get("shipment_id", data.get("shipment"))
    if shipment_id not in (None, ""):
        return [s for s in queryset if str(s.pk) == str(shipment_id)]
    if data.get("return") not in (None, ""):
        try:
            return list(queryset.filter(returns__pk=data["return"]))
        except (FieldError, ValueError):
            pass
    return list(queryset)


def _reverse_amount(order: Order, event: OrderEvent, amount: Decimal | None, memo: str) -> None:
    """Reverse ``amount`` (None: all) over the event's shipments, in proportion to what each still stands at."""
    shipments = _shipments(order, event.data or {})
    if amount is None:
        for shipment in shipments:
            escrow_reverse(shipment=shipment, key=f"reversal:event:{event.pk}:shipment:{shipment.pk}", memo=memo)
        return
    standing = {s.pk: _gross_standing(_standing(s)) for s in shipments}
    total = sum(standing.values(), ZERO)
    remaining = capped = min(money(amount), total)
    live = [s for s in shipments if standing[s.pk] > ZERO]
    for index, shipment in enumerate(live):
        share = remaining if index == len(live) - 1 else (capped * standing[shipment.pk] / total).quantize(CENT, rounding=ROUND_HALF_UP)
        share = min(share, remaining)
        remaining -= share
        escrow_reverse(shipment=shipment, key=f"reversal:event:{event.pk}:shipment:{shipment.pk}", amount=share, memo=memo)


def _event_amount(event: OrderEvent) -> Decimal | None:
    raw = (event.data or {}).get("amount")
    if raw in (None, ""):
        return None
    return money(Decimal(str(raw)))


@transaction.atomic
def escrow_refund_sent(*, order: Order, event: OrderEvent, amount: Decimal) -> LedgerTransaction | None:
    """The refund left for the buyer (or is owed by hand): refunds payable is settled against clearing."""
    return ledger_post(
        key=f"refund_sent:event:{event.pk}", kind=Kind.REFUND_SENT, order=order,
        memo=_("Refund for order %(number)s") % {"number": order.number},
        lines=[(platform_account(AccountKind.REFUNDS_PAYABLE), -amount), (platform_account(AccountKind.BUYER_CLEARING), amount)],
    )


def escrow_on_order_event(*, order: Order, event: OrderEvent) -> None:
    """Apply the posting rules of the module docstring to one recorded order event."""
    paid_now = (
        event.type == OrderEvent.Type.STATUS and event.to_status == Status.PAID
    ) or event.type == OrderEvent.Type.PAYMENT
    if paid_now and order.paid_at is not None:
        for shipment in _shipments(order, {}):
            if shipment.cancelled_at is None:  # a parcel cancelled before the cash was collected sold nothing
                escrow_sale_post(shipment=shipment, at=order.paid_at)
        return
    if event.type == OrderEvent.Type.STATUS and event.to_status == Status.COMPLETED:
        for shipment in _shipments(order, event.data or {}):
            escrow_release(shipment=shipment)
        return
    if event.type == OrderEvent.Type.STATUS and event.to_status == Status.CANCELLED:
        _reverse_amount(order, event, None, _("Order %(number)s cancelled") % {"number": order.number})
        return
    if event.type == OrderEvent.Type.STATUS and event.to_status == Status.REFUNDED:
        _reverse_amount(order, event, _event_amount(event), _("Order %(number)s refunded") % {"number": order.number})
        return
    if event.type == OrderEvent.Type.REFUND:
        amount = _event_amount(event)
        if amount is None or amount <= ZERO:
            return  # a failed refund: the money has not left, the order's status says what to reverse
        _reverse_amount(order, event, amount, _("Order %(number)s refunded") % {"number": order.number})
        if not (event.data or {}).get("by_hand"):
            escrow_refund_sent(order=order, event=event, amount=amount)
