"""Invoice numbering: one series per vendor, numbers without gaps, VAT from the vendor's status."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.common.money import money

from ..models import Invoice, InvoiceSequence, Shipment


def invoice_series(vendor) -> str:
    return f"SNB{vendor.pk:04d}"


def vendor_charges_vat(vendor) -> bool:
    """The shop's VAT status, as staff recorded it (a VAT payer's CUI starts with RO)."""
    return vendor.vat_payer


@transaction.atomic
def invoice_issue(*, shipment: Shipment) -> Invoice:
    """The shipment's invoice, numbered in its vendor's series (made once)."""
    existing = Invoice.objects.filter(shipment=shipment).first()
    if existing is not None:
        return existing
    shipment = Shipment.objects.select_related("order", "vendor__user").get(pk=shipment.pk)
    vendor, order = shipment.vendor, shipment.order
    series = invoice_series(vendor)
    InvoiceSequence.objects.get_or_create(series=series)
    sequence = InvoiceSequence.objects.select_for_update().get(series=series)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    rate = Decimal(str(settings.ORDER_VAT_RATE)) if vendor_charges_vat(vendor) else Decimal("0")
    total = shipment.items_total + shipment.shipping_price
    net = money(total * 100 / (100 + rate))
    return Invoice.objects.create(
        shipment=shipment, series=series, number=sequence.last, issued_at=timezone.now(), vat_rate=rate,
        net_total=net, vat_total=total - net, total=total,
        seller={
            "name": vendor.legal_name, "shop": vendor.shop_name, "vat_number": vendor.vat_number,
            "registration_number": vendor.trade_register_number, "address": vendor.registered_address,
            "iban": vendor.iban, "email": vendor.user.email, "vat_payer": rate > 0,
        },
        buyer={
            "type": order.billing_type, "name": order.billing_name or order.shipping_name,
            "vat_number": order.billing_vat_number, "registration_number": order.billing_registration_number,
            "address": order.billing_address or order.shipping_address,
            "city": order.billing_city or order.shipping_city, "county": order.billing_county or order.shipping_county,
            "email": order.email,
        },
    )
