"""Commission invoices: each month the platform invoices every vendor the commission it kept.

The amount is the commission the ledger withheld from the vendor's sales of the month, less what
refunds gave back (``CommissionCharge`` rounding already applied per line), VAT included at the
wallet settings' rate (21% by default, 0 for a platform not registered for VAT): net = total × 100 /
(100 + rate), rounded half up, VAT = total − net — the same rule as the order invoices. Numbers
come from the platform's own series (``WalletSettings.commission_invoice_series``), without gaps,
taken under a row lock of the series' counter. A month whose commission nets to zero or less
(refunds gave back more than was kept) gets no invoice: a credit note is not issued here.

The platform's identity (CUI, address) comes from the wallet settings; until staff fill it in,
no commission invoice is issued (``commission_invoice_identity_missing``).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.counties import BUCHAREST, county_from_registry
from marketplace.common.money import money
from marketplace.orders.models import InvoiceSequence
from marketplace.vendors.models import VendorProfile

from .models import ZERO, AccountKind, CommissionInvoice, Entry, LedgerTransaction
from .periods import period_bounds
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
    total, sales = commission_of_period(vendor=vendor, period=period)
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
