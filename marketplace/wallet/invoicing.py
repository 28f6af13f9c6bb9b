"""Commission invoices: each month the platform invoices every vendor the commission it kept.

The amount is the commission the ledger withheld from the vendor's sales of the month, less what
refunds gave back (``CommissionCharge`` rounding already applied per line), VAT included at the
wallet settings' rate (21% by default, 0 for a platform not registered for VAT): net = total × 100 /
(100 + rate), rounded half up, VAT = total − net — the same rule as the order invoices. Numbers
come from the platform's own series (``WalletSettings.commission_invoice_series``), without gaps,
taken under a row lock of the series' counter. A month whose commission nets to zero or less
(refunds gave back more than was kept) gets no invoice.

Credit notes: a refund (or cancellation) in the month of a sale made in an earlier month that
already had its commission invoice is not netted into this month's invoice: it is credited against
that invoice by a credit note ("factură de stornare", ``commission_credit_note_issue``), one per
vendor and month, one line per invoice credited, numbered in its own series
(``WalletSettings.commission_credit_note_series``), at the rate of the invoice it credits. A line
never credits more than is left of its invoice (what earlier credit notes took is subtracted); the
rest, like reversals of sales whose month had no invoice, nets into the month's invoice as before.
So when the month's refunds exceed its commission, the vendor gets a credit note, never a negative
invoice.

The platform's identity (CUI, address) comes from the wallet settings; until staff fill it in,
no commission invoice is issued (``commission_invoice_identity_missing``).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.counties import BUCHAREST, county_from_registry
from marketplace.common.money import money
from marketplace.orders.models import InvoiceSequence
from marketplace.vendors.models import VendorProfile

from .models import ZERO, AccountKind, CommissionCreditNote, CommissionInvoice, Entry, LedgerTransaction
from .periods import current_period, period_bounds
from .selectors import wallet_settings
from .statements import statement_period_check


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    county: str  # a name of marketplace.common.counties.COUNTIES, or "" when none could be read


def address_split(text: str) -> Address:
    """"Str. Lipscani 21, Sector 3, București" → street, "Sector 3", "București";
    "Str. Memorandumului 2, Cluj-Napoca, Cluj" → street, "Cluj-Napoca", "Cluj".

    The last part names the county (Bucharest for the city); the part before it is the city (in
    Bucharest, the sector). What cannot be read stays empty — e-Factura then refuses the address.
    """
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    if not parts:
        return Address("", "", "")
    county = county_from_registry(parts[-1]) if len(parts) > 1 else ""
    if not county:
        return Address(", ".join(parts[:-1]) or parts[0], parts[-1] if len(parts) > 1 else "", "")
    rest = parts[:-1]
    if county == BUCHAREST:
        sector = next((p for p in rest if p.lower().replace(" ", "").startswith("sector")), "")
        street = ", ".join(p for p in rest if p != sector)
        return Address(street, sector, county)
    city = rest[-1] if len(rest) > 1 else ""
    return Address(", ".join(rest[:-1]) if len(rest) > 1 else ", ".join(rest), city, county)


def commission_of_period(*, vendor: VendorProfile, period: date) -> tuple:
    """(commission kept net of refunds, number of sales) in the month, from the ledger."""
    start, end = period_bounds(period)
    row = Entry.objects.filter(
        transaction__vendor=vendor, created_at__gte=start, created_at__lt=end,
        account__kind=AccountKind.COMMISSION_INCOME,
    ).aggregate(
        total=Sum("amount"),
        sales=Count("transaction", distinct=True, filter=Q(transaction__kind=LedgerTransaction.Kind.SALE)),
    )
    return row["total"] or ZERO, row["sales"] or 0


@dataclass(frozen=True)
class CommissionSplit:
    """The month's commission as the documents need it: what the invoice takes (net of the month's own
    refunds), the number of sales, and the positive amounts to credit per earlier invoice."""

    invoiced: Decimal
    sales: int
    credits: dict  # CommissionInvoice -> Decimal (VAT included)


def _credited_before(invoice_ids, *, period: date) -> dict:
    """How much credit notes of months before ``period`` already credited against each invoice (the
    month's own note is left out, so the split reads the same before and after it is issued)."""
    taken: dict = {}
    notes = CommissionCreditNote.objects.filter(invoices__in=invoice_ids, period__lt=period).distinct()
    for _pk, lines in notes.values_list("pk", "lines"):
        for line in lines:
            taken[line["invoice"]] = taken.get(line["invoice"], ZERO) + Decimal(line["total"])
    return taken


def commission_split(*, vendor: VendorProfile, period: date) -> CommissionSplit:
    """Split the month's commission entries between its invoice and credit notes on earlier invoices.

    A reversal entry belongs to the month its order was sold in (the order's first sale posting for
    the vendor); when that month is earlier and has a commission invoice, the amount is credited
    against it, up to what is left of that invoice.
    """
    start, end = period_bounds(period)
    first_sale = LedgerTransaction.objects.filter(
        vendor=vendor, order=OuterRef("transaction__order"), kind=LedgerTransaction.Kind.SALE,
    ).order_by("created_at").values("created_at")[:1]
    rows = list(
        Entry.objects.filter(
            transaction__vendor=vendor, created_at__gte=start, created_at__lt=end, account__kind=AccountKind.COMMISSION_INCOME,
        ).annotate(sold_at=Subquery(first_sale)).values_list("amount", "transaction__kind", "transaction_id", "sold_at")
    )
    sales = len({txn for _amount, kind, txn, _sold in rows if kind == LedgerTransaction.Kind.SALE})
    invoices = {i.period: i for i in CommissionInvoice.objects.filter(vendor=vendor, period__lt=period)}
    invoiced, wanted = ZERO, {}
    for amount, kind, _txn, sold_at in rows:
        origin = current_period(sold_at) if sold_at is not None else None
        if kind != LedgerTransaction.Kind.SALE and amount < 0 and origin is not None and origin < period and origin in invoices:
            wanted[invoices[origin]] = wanted.get(invoices[origin], ZERO) - amount
        else:
            invoiced += amount
    taken = _credited_before([i.pk for i in wanted], period=period)
    credits = {}
    for invoice, amount in sorted(wanted.items(), key=lambda item: item[0].period):
        left = invoice.total - taken.get(invoice.pk, ZERO)
        credit = min(amount, max(left, ZERO))
        if credit > ZERO:
            credits[invoice] = credit
        invoiced -= amount - credit  # what the invoice cannot take back stays with this month
    return CommissionSplit(invoiced=invoiced, sales=sales, credits=credits)


def platform_party() -> dict:
    config = wallet_settings()
    if not config.company_vat_number.strip():
        raise ValidationError(
            _("Fill in the platform's VAT number and address in the wallet settings before commission invoices are issued."),
            code="commission_invoice_identity_missing",
        )
    return {
        "name": config.payer_name, "vat_number": config.company_vat_number.strip().upper(),
        "registration_number": config.company_registration_number, "street": config.company_street,
        "city": config.company_city, "county": config.company_county, "iban": config.payer_iban,
        "vat_payer": config.company_vat_number.strip().upper().startswith("RO"),
    }


def vendor_party(vendor: VendorProfile) -> dict:
    address = address_split(vendor.registered_address)
    return {
        "name": vendor.legal_name or vendor.shop_name, "shop": vendor.shop_name, "vat_number": vendor.vat_number,
        "registration_number": vendor.trade_register_number, "street": address.street, "city": address.city,
        "county": address.county, "address": vendor.registered_address, "email": vendor.user.email,
        "private_seller": vendor.is_private_seller,
    }


def _next_number(series: str) -> int:
    InvoiceSequence.objects.get_or_create(series=series)
    sequence = InvoiceSequence.objects.select_for_update().get(series=series)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def commission_invoice_issue(*, vendor: VendorProfile, period: date, now: datetime | None = None) -> CommissionInvoice | None:
    """The vendor's commission invoice for a closed month (made once); None when no commission is due."""
    existing = CommissionInvoice.objects.filter(vendor=vendor, period=period).first()
    if existing is not None:
        return existing
    if not statement_period_check(period, now=now):
        raise ValidationError(_("A commission invoice is issued once its month has ended."), code="statement_period_open")
    split = commission_split(vendor=vendor, period=period)
    total, sales = split.invoiced, split.sales
    if total <= ZERO:
        return None
    seller = platform_party()
    config = wallet_settings()
    # Lock the vendor's row so that two runs for the same month take one number, not two.
    vendor = VendorProfile.objects.select_for_update().select_related("user").get(pk=vendor.pk)
    existing = CommissionInvoice.objects.filter(vendor=vendor, period=period).first()
    if existing is not None:
        return existing
    rate = config.commission_vat_rate if seller["vat_payer"] else ZERO
    net = money(total * 100 / (100 + rate))
    issued_at = now or timezone.now()
    series = config.commission_invoice_series
    return CommissionInvoice.objects.create(
        vendor=vendor, period=period, series=series, number=_next_number(series), issued_at=issued_at,
        due_date=timezone.localtime(issued_at).date() + timedelta(days=config.commission_invoice_due_days),
        seller=seller, buyer=vendor_party(vendor), vat_rate=rate, net_total=net, vat_total=total - net,
        total=total, sales_count=sales,
    )


def _vat_split(total: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    net = money(total * 100 / (100 + rate))
    return net, total - net


@transaction.atomic
def commission_credit_note_issue(*, vendor: VendorProfile, period: date, now: datetime | None = None) -> CommissionCreditNote | None:
    """The vendor's credit note for a closed month (made once); None when nothing earlier invoiced is refunded.

    Issue the month's invoice first (the monthly job does): both read the same split, so no amount is
    invoiced and credited twice.
    """
    existing = CommissionCreditNote.objects.filter(vendor=vendor, period=period).first()
    if existing is not None:
        return existing
    if not statement_period_check(period, now=now):
        raise ValidationError(_("A commission invoice is issued once its month has ended."), code="statement_period_open")
    if not commission_split(vendor=vendor, period=period).credits:
        return None
    seller = platform_party()
    config = wallet_settings()
    vendor = VendorProfile.objects.select_for_update().select_related("user").get(pk=vendor.pk)
    existing = CommissionCreditNote.objects.filter(vendor=vendor, period=period).first()
    if existing is not None:
        return existing
    credits = commission_split(vendor=vendor, period=period).credits  # again, under the lock
    if not credits:
        return None
    lines = []
    for invoice, amount in credits.items():
        net, vat = _vat_split(amount, invoice.vat_rate)
        lines.append({
            "invoice": invoice.pk, "number": f"{invoice.series}{invoice.number:06d}",
            "issue_date": timezone.localtime(invoice.issued_at).date().isoformat(), "period": f"{invoice.period:%Y-%m}",
            "vat_rate": str(invoice.vat_rate), "net": str(net), "vat": str(vat), "total": str(amount),
        })
    series = config.commission_credit_note_series
    note = CommissionCreditNote.objects.create(
        vendor=vendor, period=period, series=series, number=_next_number(series), issued_at=now or timezone.now(),
        seller=seller, buyer=vendor_party(vendor), lines=lines,
        net_total=sum((Decimal(line["net"]) for line in lines), ZERO),
        vat_total=sum((Decimal(line["vat"]) for line in lines), ZERO),
        total=sum(credits.values(), ZERO),
    )
    note.invoices.set(list(credits))
    return note
