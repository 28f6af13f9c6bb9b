"""The commission invoice as Romanian e-Factura XML: UBL 2.1 restricted by CIUS-RO.

Authored with ``anafpy`` (``anafpy.efactura.authoring``), evaluated against writing UBL by hand:
its flat models follow the EN 16931 semantic model as CIUS-RO restricts it, it renders the wire
XML (``CustomizationID`` urn:cen.eu:en16931:2017#compliant#urn:efactura.mfinante.ro:CIUS-RO:1.0.1)
and checks the EN 16931 + CIUS-RO 1.0.9 Schematron rules it translated (totals, VAT breakdown,
identifiers, county codes and Bucharest sectors) before it renders anything. ANAF's own validation
stays the authority; a document it would refuse fails here first, with the rule's id.

What this module decides:

* the seller is the platform (wallet settings), the buyer the vendor; a VAT payer is identified by
  its ``RO…`` VAT number, a company without VAT by its CUI (BT-47), a private seller by 13 zeros
  (ANAF's stand-in when the person's CNP is not known);
* one line: the month's commission, quantity 1 (``C62``), VAT category S at the invoice's rate, or
  O ("not subject to VAT", VATEX-EU-O) when the platform is not registered for VAT;
* the VAT breakdown is given as the invoice has it (VAT = total − net, the order invoices' rule);
  CIUS-RO accepts the one-ban difference from net × rate that this can make;
* the amount was withheld from the vendor's sales, so it is recorded as prepaid (BT-113) and
  nothing is payable; payment means 97 (clearing between partners);
* a Romanian address needs a county code (``RO-CJ``) and, in Bucharest, the sector as the city
  (``SECTOR3``): an address that does not say them is refused with ``efactura_address_incomplete``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.common.counties import BUCHAREST, county_from_registry

from .anaf import EFacturaAuthError, EFacturaUnavailable, efactura_provider
from .models import CommissionInvoice
from .periods import next_period, period_label

if TYPE_CHECKING:
    from anafpy.efactura.authoring import InvoiceDocument, Party, PostalAddress

# anafpy's UBL models are imported where a document is written or read, not with this module: they hold
# about 50 MB (pydantic models of the whole UBL 2.1 schema), which every web and worker process would
# otherwise carry from the admin's import of this module on, though only the monthly invoice jobs use them.

# ISO 3166-2:RO codes, by the county names of marketplace.common.counties.
COUNTY_CODES = {
    "Alba": "AB", "Arad": "AR", "Argeș": "AG", "Bacău": "BC", "Bihor": "BH", "Bistrița-Năsăud": "BN",
    "Botoșani": "BT", "Brașov": "BV", "Brăila": "BR", BUCHAREST: "B", "Buzău": "BZ", "Caraș-Severin": "CS",
    "Călărași": "CL", "Cluj": "CJ", "Constanța": "CT", "Covasna": "CV", "Dâmbovița": "DB", "Dolj": "DJ",
    "Galați": "GL", "Giurgiu": "GR", "Gorj": "GJ", "Harghita": "HR", "Hunedoara": "HD", "Ialomița": "IL",
    "Iași": "IS", "Ilfov": "IF", "Maramureș": "MM", "Mehedinți": "MH", "Mureș": "MS", "Neamț": "NT", "Olt": "OT",
    "Prahova": "PH", "Satu Mare": "SM", "Sălaj": "SJ", "Sibiu": "SB", "Suceava": "SV", "Teleorman": "TR",
    "Timiș": "TM", "Tulcea": "TL", "Vaslui": "VS", "Vâlcea": "VL", "Vrancea": "VN",
}
UNKNOWN_CNP = "0000000000000"
Status = CommissionInvoice.EFacturaStatus


def _refuse(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message % params if params else message, code=code)


def _address(party: dict, who: str) -> PostalAddress:
    from anafpy.efactura.authoring import PostalAddress  # noqa: PLC0415 - heavy, see the note above

    county = county_from_registry(party.get("county") or "")
    city = (party.get("city") or "").strip()
    street = (party.get("street") or "").strip()
    if county == BUCHAREST:
        city = city.upper().replace(" ", "")
    if not street or not city or not county or (county == BUCHAREST and city not in {f"SECTOR{n}" for n in range(1, 7)}):
        raise _refuse(
            _("The %(who)s's address must give the street, the city and the county (in Bucharest the sector: "
              "\"Str. Lipscani 21, Sector 3, București\") for e-Factura."),
            "efactura_address_incomplete", who=who,
        )
    return PostalAddress(street=street[:150], city=city[:50], county=f"RO-{COUNTY_CODES[county]}", country="RO")


def _buyer(buyer: dict) -> Party:
    from anafpy.efactura.authoring import Party  # noqa: PLC0415 - heavy, see the note above

    vat = (buyer.get("vat_number") or "").strip().upper().replace(" ", "")
    address = _address(buyer, _("shop"))
    name = (buyer.get("name") or buyer.get("shop") or "")[:200]
    if vat.startswith("RO"):
        return Party(name=name, vat_id=vat, legal_registration_id=buyer.get("registration_number") or None, address=address)
    if vat:
        return Party(name=name, legal_registration_id=vat, address=address)
    return Party(name=name, legal_registration_id=UNKNOWN_CNP, address=address)


def efactura_document(invoice: CommissionInvoice) -> InvoiceDocument:
    """The invoice in anafpy's CIUS-RO model (refused with a stable code when it cannot be one)."""
    from anafpy.efactura.authoring import (  # noqa: PLC0415 - heavy, see the note above
        InvoiceDocument,
        InvoiceLine,
        Note,
        PaymentInstructions,
        Period,
        Seller,
        Totals,
        VatBreakdownEntry,
    )
    from pydantic import ValidationError as ModelError  # noqa: PLC0415 - with anafpy's models

    seller, buyer = invoice.seller, invoice.buyer
    standard = invoice.vat_rate > 0
    issued = timezone.localtime(invoice.issued_at).date()
    last_day = next_period(invoice.period).toordinal() - 1
    try:
        line = InvoiceLine(
            id="1", name=(_("Marketplace commission %(period)s") % {"period": period_label(invoice.period)})[:100],
            quantity=Decimal("1"), unit="C62", unit_price=invoice.net_total, net_amount=invoice.net_total,
            vat_category="S" if standard else "O", vat_rate=invoice.vat_rate if standard else None,
        )
        breakdown = VatBreakdownEntry(
            category="S" if standard else "O", rate=invoice.vat_rate if standard else None,
            taxable_amount=invoice.net_total, tax_amount=invoice.vat_total,
            **({} if standard else {"exemption_reason_code": "VATEX-EU-O", "exemption_reason": "Not subject to VAT"}),
        )
        return InvoiceDocument(
            number=f"{invoice.series}{invoice.number:06d}", issue_date=issued, due_date=invoice.due_date,
            currency="RON", type_code="380",
            invoicing_period=Period(start=invoice.period, end=type(invoice.period).fromordinal(last_day)),
            notes=[Note(text=_("Commission withheld from the sales of %(period)s in the SNOBISTIC wallet.")
                        % {"period": period_label(invoice.period)})],
            seller=Seller(
                name=seller["name"][:200],
                vat_id=seller["vat_number"] if seller.get("vat_payer") else None,
                legal_registration_id=(seller.get("registration_number") or None) if seller.get("vat_payer") else seller["vat_number"],
                address=_address(seller, _("platform")),
            ),
            buyer=_buyer(buyer),
            payment_instructions=PaymentInstructions(means_code="97"),
            lines=[line], vat_breakdown=[breakdown],
            totals=Totals(
                lines_total=invoice.net_total, tax_exclusive=invoice.net_total, vat_total=invoice.vat_total,
                tax_inclusive=invoice.total, prepaid=invoice.total, payable=Decimal("0.00"),
            ),
        )
    except ModelError as exc:
        raise _refuse(_("The invoice cannot be written as e-Factura: %(problem)s"), "efactura_invalid",
                      problem="; ".join(e["msg"] for e in exc.errors())[:500]) from exc


def efactura_xml(invoice: CommissionInvoice) -> str:
    """The UBL 2.1 CIUS-RO XML of the invoice, checked against the CIUS-RO rules before it is written."""
    from anafpy.efactura.authoring import InvoiceValidationError, render_invoice  # noqa: PLC0415 - heavy, see above

    try:
        with override("ro"):
            return render_invoice(efactura_document(invoice)).decode("utf-8")
    except InvoiceValidationError as exc:
        problems = "; ".join(f"{f.rule}: {f.message}" for f in exc.report.findings)
        raise _refuse(_("The invoice breaks e-Factura rules: %(problem)s"), "efactura_invalid", problem=problems[:500]) from exc


def efactura_read(xml: str) -> InvoiceDocument:
    """The XML read back into the model (what tests and staff use to check what was sent)."""
    from anafpy.efactura.authoring import parse_invoice  # noqa: PLC0415 - heavy, see the note above

    return parse_invoice(xml.encode("utf-8"))


def efactura_is_b2c(invoice: CommissionInvoice) -> bool:
    """A buyer without a fiscal code (a private seller) goes through ANAF's B2C upload."""
    return not (invoice.buyer.get("vat_number") or "").strip()


def _record(invoice: CommissionInvoice, operation: str, provider: str, **answer) -> None:
    invoice.efactura_log = [*invoice.efactura_log, {
        "at": timezone.now().isoformat(), "operation": operation, "provider": provider, **answer,
    }][-50:]


@transaction.atomic
def efactura_submit(*, invoice: CommissionInvoice, provider=None) -> CommissionInvoice:
    """Write the invoice's XML (kept with it) and upload it through the provider; safe to run twice.

    An invoice already uploaded or accepted is left alone. Refused by the CIUS-RO rules: INVALID,
    with the rules broken. Offline: NOT_SENT ("no ANAF credentials"). Refused by ANAF at upload:
    REJECTED, with its messages. ANAF unreachable: FAILED (the status job tries again).
    """
    return document_submit(invoice, efactura_xml, provider)


def document_submit(document, xml_of, provider=None):
    """Upload one e-Factura document (a commission invoice or credit note): its row locked, its XML
    written by ``xml_of(document)`` and kept, every answer logged; the states of ``efactura_submit``."""
    document = type(document).objects.select_for_update().get(pk=document.pk)
    if document.efactura_status in (Status.UPLOADED, Status.ACCEPTED):
        return document
    provider = provider or efactura_provider()
    try:
        document.efactura_xml = xml_of(document)
    except ValidationError as exc:
        document.efactura_status, document.efactura_message = Status.INVALID, " ".join(exc.messages)
        _record(document, "xml", "local", errors=exc.messages)
        document.save(update_fields=["efactura_xml", "efactura_status", "efactura_message", "efactura_log", "updated_at"])
        return document
    try:
        answer = provider.upload(xml=document.efactura_xml, cif=document.seller["vat_number"], b2c=efactura_is_b2c(document))
    except (EFacturaUnavailable, EFacturaAuthError) as exc:
        document.efactura_status, document.efactura_message = Status.FAILED, str(exc)[:1000]
        _record(document, "upload", provider.name, errors=[str(exc)[:500]])
    else:
        _record(document, "upload", provider.name, sent=answer.sent, upload_id=answer.upload_id, errors=answer.errors, raw=answer.raw[:2000])
        if not answer.sent:
            document.efactura_status, document.efactura_message = Status.NOT_SENT, str(Status.NOT_SENT.label)
        elif answer.accepted:
            document.efactura_status, document.efactura_upload_id, document.efactura_message = Status.UPLOADED, answer.upload_id, ""
        else:
            document.efactura_status, document.efactura_message = Status.REJECTED, "; ".join(answer.errors)[:1000]
    document.save(update_fields=[
        "efactura_xml", "efactura_status", "efactura_upload_id", "efactura_message", "efactura_log", "updated_at",
    ])
    return document


STATES = {"ok": Status.ACCEPTED, "nok": Status.REJECTED, "xml cu erori nepreluat de sistem": Status.REJECTED}


@transaction.atomic
def efactura_poll(*, invoice: CommissionInvoice, provider=None) -> CommissionInvoice:
    """Ask ANAF what became of an uploaded invoice; a final answer (ok / nok) is recorded once."""
    return document_poll(invoice, provider)


def document_poll(document, provider=None):
    """``efactura_poll`` for any e-Factura document (a commission invoice or credit note)."""
    document = type(document).objects.select_for_update().get(pk=document.pk)
    if document.efactura_status != Status.UPLOADED or not document.efactura_upload_id:
        return document
    provider = provider or efactura_provider()
    try:
        answer = provider.status(upload_id=document.efactura_upload_id)
    except (EFacturaUnavailable, EFacturaAuthError) as exc:
        _record(document, "status", provider.name, errors=[str(exc)[:500]])
        document.save(update_fields=["efactura_log", "updated_at"])
        return document
    _record(document, "status", provider.name, state=answer.state, download_id=answer.download_id, errors=answer.errors, raw=answer.raw[:2000])
    final = STATES.get(" ".join(answer.state.lower().split()))
    if final is not None:
        document.efactura_status = final
        document.efactura_download_id = answer.download_id
        document.efactura_message = "; ".join(answer.errors)[:1000] if final == Status.REJECTED else ""
    document.save(update_fields=["efactura_status", "efactura_download_id", "efactura_message", "efactura_log", "updated_at"])
    return document
