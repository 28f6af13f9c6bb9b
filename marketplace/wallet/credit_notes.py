"""The commission credit note as Romanian e-Factura XML: a UBL 2.1 ``CreditNote`` (type 381) under CIUS-RO.

``anafpy`` authors credit notes with the same model as invoices (``InvoiceDocument(kind="credit_note")``
renders ``<CreditNote>`` with ``CreditNoteTypeCode`` 381 and ``CreditNoteLine``/``CreditedQuantity``),
and checks the same EN 16931 + CIUS-RO rules, so nothing is written by hand. What this module decides,
beside what efactura.py decides for the invoice (parties, addresses, VAT category, means 97):

* amounts are positive: on a CreditNote the sign is the document's type, not the amounts' (a negative
  invoice is what ANAF asks not to be sent for a storno of this kind);
* each line credits one earlier commission invoice at that invoice's VAT rate, and the invoice is
  named as the preceding invoice (BG-3: number BT-25, date BT-26);
* the VAT breakdown is one entry per rate, VAT = what the lines say (total − net per line);
* the amount was settled in the wallet (the refund took the commission back), so it is recorded as
  prepaid and nothing is payable, as on the invoice.

Upload and status follow efactura.py's states (``credit_note_submit``, ``credit_note_poll``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .efactura import _address, _buyer, _refuse, document_poll, document_submit
from .models import CommissionCreditNote
from .periods import next_period, period_label, period_parse

if TYPE_CHECKING:
    from anafpy.efactura.authoring import InvoiceDocument

Status = CommissionCreditNote.EFacturaStatus


def credit_note_document(note: CommissionCreditNote) -> InvoiceDocument:
    """The credit note in anafpy's CIUS-RO model (refused with a stable code when it cannot be one)."""
    # anafpy's UBL models are heavy: imported where a document is written, as in efactura.py.
    from anafpy.efactura.authoring import (  # noqa: PLC0415
        InvoiceDocument,
        InvoiceLine,
        Note,
        PaymentInstructions,
        Period,
        PrecedingInvoice,
        Seller,
        Totals,
        VatBreakdownEntry,
    )
    from pydantic import ValidationError as ModelError  # noqa: PLC0415

    seller = note.seller
    issued = timezone.localtime(note.issued_at).date()
    try:
        lines, groups, references = [], defaultdict(lambda: [Decimal("0.00"), Decimal("0.00")]), []
        for index, line in enumerate(note.lines, start=1):
            rate, net, vat = Decimal(line["vat_rate"]), Decimal(line["net"]), Decimal(line["vat"])
            standard = rate > 0
            lines.append(InvoiceLine(
                id=str(index),
                name=(_("Commission reversal %(period)s, invoice %(number)s")
                      % {"period": period_label(period_parse(line["period"])), "number": line["number"]})[:100],
                quantity=Decimal("1"), unit="C62", unit_price=net, net_amount=net,
                vat_category="S" if standard else "O", vat_rate=rate if standard else None,
            ))
            groups[rate][0] += net
            groups[rate][1] += vat
            references.append(PrecedingInvoice(number=line["number"], issue_date=line["issue_date"]))
        breakdown = [
            VatBreakdownEntry(
                category="S" if rate > 0 else "O", rate=rate if rate > 0 else None, taxable_amount=net, tax_amount=vat,
                **({} if rate > 0 else {"exemption_reason_code": "VATEX-EU-O", "exemption_reason": "Not subject to VAT"}),
            )
            for rate, (net, vat) in sorted(groups.items())
        ]
        last_day = next_period(note.period).toordinal() - 1
        return InvoiceDocument(
            kind="credit_note", type_code="381", number=f"{note.series}{note.number:06d}", issue_date=issued,
            currency="RON", invoicing_period=Period(start=note.period, end=type(note.period).fromordinal(last_day)),
            preceding_invoices=references,
            notes=[Note(text=(_("Commission given back by the refunds of %(period)s in the SNOBISTIC wallet.")
                              % {"period": period_label(note.period)})[:300])],
            seller=Seller(
                name=seller["name"][:200],
                vat_id=seller["vat_number"] if seller.get("vat_payer") else None,
                legal_registration_id=(seller.get("registration_number") or None) if seller.get("vat_payer") else seller["vat_number"],
                address=_address(seller, _("platform")),
            ),
            buyer=_buyer(note.buyer),
            payment_instructions=PaymentInstructions(means_code="97"),
            lines=lines, vat_breakdown=breakdown,
            totals=Totals(
                lines_total=note.net_total, tax_exclusive=note.net_total, vat_total=note.vat_total,
                tax_inclusive=note.total, prepaid=note.total, payable=Decimal("0.00"),
            ),
        )
    except ModelError as exc:
        raise _refuse(_("The credit note cannot be written as e-Factura: %(problem)s"), "efactura_invalid",
                      problem="; ".join(e["msg"] for e in exc.errors())[:500]) from exc


def credit_note_xml(note: CommissionCreditNote) -> str:
    """The UBL 2.1 CIUS-RO CreditNote XML, checked against the CIUS-RO rules before it is written."""
    from anafpy.efactura.authoring import InvoiceValidationError, render_invoice  # noqa: PLC0415

    try:
        with override("ro"):
            return render_invoice(credit_note_document(note)).decode("utf-8")
    except InvoiceValidationError as exc:
        problems = "; ".join(f"{f.rule}: {f.message}" for f in exc.report.findings)
        raise _refuse(_("The credit note breaks e-Factura rules: %(problem)s"), "efactura_invalid", problem=problems[:500]) from exc


@transaction.atomic
def credit_note_submit(*, note: CommissionCreditNote, provider=None) -> CommissionCreditNote:
    """Write the credit note's XML (kept with it) and upload it; the same states as ``efactura_submit``."""
    return document_submit(note, credit_note_xml, provider)


@transaction.atomic
def credit_note_poll(*, note: CommissionCreditNote, provider=None) -> CommissionCreditNote:
    """Ask ANAF what became of an uploaded credit note; a final answer (ok / nok) is recorded once."""
    return document_poll(note, provider)
