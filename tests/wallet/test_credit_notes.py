"""Commission credit notes ("factură de stornare"): a refund of commission that an earlier month's
invoice already invoiced is credited against that invoice, in its own numbered series, never as a
negative invoice; the UBL CreditNote (type 381) passes the CIUS-RO rules read back independently."""

import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from anafpy.efactura.authoring import parse_invoice, validate
from django.urls import reverse
from pypdf import PdfReader

from marketplace.wallet.credit_notes import credit_note_submit, credit_note_xml
from marketplace.wallet.invoicing import commission_credit_note_issue, commission_invoice_issue
from marketplace.wallet.models import CommissionCreditNote, CommissionInvoice, WalletSettings
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor
from tests.wallet.helpers import paid_order, refund_event

pytestmark = pytest.mark.django_db

OCTOBER, NOVEMBER = date(2026, 10, 1), date(2026, 11, 1)
IN_OCTOBER = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)
IN_NOVEMBER = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
NOV_FIRST = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
DEC_FIRST = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
NS = {
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


@pytest.fixture
def identity():
    return WalletSettings.objects.create(
        company_vat_number="RO18547290", company_registration_number="J40/1234/2020",
        company_street="Str. Academiei 1", company_city="Sector 1", company_county="București",
    )


def _sale(vendor, when, price="1000.00"):
    with time_machine.travel(when, tick=False):
        return paid_order(customer(), [buyable(vendor, price=price)])


def _refund(order, amount, when=IN_NOVEMBER):
    with time_machine.travel(when, tick=False):
        refund_event(order, amount)


def _october_invoiced(vendor, *prices):
    orders = [_sale(vendor, IN_OCTOBER, price) for price in prices]
    with time_machine.travel(NOV_FIRST, tick=False):
        invoice = commission_invoice_issue(vendor=vendor, period=OCTOBER)
    return orders, invoice


def _close_november(vendor):
    with time_machine.travel(DEC_FIRST, tick=False):
        return commission_invoice_issue(vendor=vendor, period=NOVEMBER), commission_credit_note_issue(vendor=vendor, period=NOVEMBER)


def _vendor():
    return approved_vendor(shop_name="Maison Lipscani", registered_address="Str. Lipscani 21, Sector 3, București")


def test_refunds_exceeding_the_months_commission_give_a_credit_note_not_a_negative_invoice(identity):
    # Given October's 150 lei of commission invoiced, and in November no sale but a full refund of it
    vendor = _vendor()
    (order,), october = _october_invoiced(vendor, "1000.00")
    assert october.total == Decimal("150.00")
    _refund(order, "1025.00")
    # When November closes
    invoice, note = _close_november(vendor)
    # Then no invoice, and a credit note of 150 lei (21% VAT inside) against October's invoice, its own series
    assert invoice is None
    assert (note.total, note.net_total, note.vat_total) == (Decimal("150.00"), Decimal("123.97"), Decimal("26.03"))
    assert (note.series, note.number) == ("SNBSTO", 1)
    assert list(note.invoices.all()) == [october]
    assert note.lines[0]["number"] == "SNBCOM000001" and note.lines[0]["period"] == "2026-10"


def test_a_refund_of_an_invoiced_month_is_credited_apart_from_the_months_own_invoice(identity):
    # Given October invoiced (150 lei), November a new sale (150 lei) and half a refund of October's sale
    vendor = _vendor()
    (order,), october = _october_invoiced(vendor, "1000.00")
    _sale(vendor, IN_NOVEMBER)
    _refund(order, "512.50")
    invoice, note = _close_november(vendor)
    # Then November's invoice is its own 150 lei (not netted to 75) and the credit note takes back 75
    assert invoice.total == Decimal("150.00") and invoice.sales_count == 1
    assert note.total == Decimal("75.00") and list(note.invoices.all()) == [october]
    # the two series count apart
    assert (invoice.series, invoice.number, note.series, note.number) == ("SNBCOM", 2, "SNBSTO", 1)


def test_the_months_own_refunds_still_net_into_its_invoice_and_give_no_credit_note(identity):
    vendor = _vendor()
    order = _sale(vendor, IN_NOVEMBER)
    _refund(order, "512.50")
    invoice, note = _close_november(vendor)
    assert invoice.total == Decimal("75.00") and note is None
    assert not CommissionCreditNote.objects.exists()


def test_a_credit_note_is_issued_once_and_never_credits_more_than_its_invoice_had(identity):
    vendor = _vendor()
    (order,), october = _october_invoiced(vendor, "1000.00")
    _refund(order, "1025.00")
    _, note = _close_november(vendor)
    with time_machine.travel(DEC_FIRST, tick=False):
        again = commission_credit_note_issue(vendor=vendor, period=NOVEMBER)
    assert again.pk == note.pk and CommissionCreditNote.objects.count() == 1
    # a second full refund of the same order in December finds nothing left on October's invoice
    _refund(order, "1025.00", when=datetime(2026, 12, 10, 10, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2027, 1, 1, 1, 0, tzinfo=UTC), tick=False):
        assert commission_credit_note_issue(vendor=vendor, period=date(2026, 12, 1)) is None


def test_no_credit_note_before_the_month_ends(identity):
    vendor = _vendor()
    with time_machine.travel(IN_NOVEMBER, tick=False), pytest.raises(Exception) as refused:
        commission_credit_note_issue(vendor=vendor, period=NOVEMBER)
    assert getattr(refused.value, "code", "") == "statement_period_open"


def test_the_credit_note_xml_is_a_ubl_creditnote_381_referencing_the_invoice_and_passes_cius_ro(identity):
    vendor = _vendor()
    (order,), october = _october_invoiced(vendor, "1000.00")
    _refund(order, "1025.00")
    _, note = _close_november(vendor)
    xml = credit_note_xml(note)
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
    assert root.find("cbc:CreditNoteTypeCode", NS).text == "381"
    assert root.find("cbc:CustomizationID", NS).text.endswith("CIUS-RO:1.0.1")
    assert root.find("cbc:ID", NS).text == "SNBSTO000001"
    reference = root.find("cac:BillingReference/cac:InvoiceDocumentReference", NS)
    assert reference.find("cbc:ID", NS).text == "SNBCOM000001"
    assert reference.find("cbc:IssueDate", NS).text == "2026-11-01"
    line = root.find("cac:CreditNoteLine", NS)
    assert line.find("cbc:CreditedQuantity", NS).text in ("1", "1.00", "1.0")
    assert Decimal(line.find("cbc:LineExtensionAmount", NS).text) == Decimal("123.97")  # positive: the type says credit
    assert Decimal(root.find("cac:TaxTotal/cbc:TaxAmount", NS).text) == Decimal("26.03")
    assert Decimal(root.find("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", NS).text) == Decimal("150.00")
    assert root.find("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:CityName", NS).text == "SECTOR3"
    # read back independently of how it was written, the CIUS-RO rule set finds nothing fatal
    document = parse_invoice(xml.encode("utf-8"))
    assert document.kind.value == "credit_note"
    assert [f.rule for f in validate(document).fatal] == []


def test_an_address_without_county_is_not_sent_and_says_why(identity):
    vendor = approved_vendor(registered_address="Str. Fără Județ 3")
    (order,), _ = _october_invoiced(vendor, "1000.00")
    _refund(order, "1025.00")
    _, note = _close_november(vendor)
    note = credit_note_submit(note=note)
    assert note.efactura_status == CommissionCreditNote.EFacturaStatus.INVALID and "județul" in note.efactura_message


def test_offline_the_credit_note_xml_is_kept_and_marked_not_sent(identity):
    vendor = _vendor()
    (order,), _ = _october_invoiced(vendor, "1000.00")
    _refund(order, "1025.00")
    _, note = _close_november(vendor)
    note = credit_note_submit(note=note)
    assert note.efactura_status == CommissionCreditNote.EFacturaStatus.NOT_SENT and ET.fromstring(note.efactura_xml.encode()).tag.endswith("}CreditNote")


def test_the_vendor_sees_their_credit_notes_beside_the_invoices_and_downloads_pdf_and_xml(client, identity):
    vendor, other = _vendor(), approved_vendor(shop_name="Alt Atelier", registered_address="Str. Lipscani 2, Sector 3, București")
    (order,), _ = _october_invoiced(vendor, "1000.00")
    (other_order,), _ = _october_invoiced(other, "1000.00")
    _refund(order, "1025.00"), _refund(other_order, "1025.00")
    _, note = _close_november(vendor)
    _, other_note = _close_november(other)
    credit_note_submit(note=note)
    login_with_second_factor(client, vendor.user)
    page = client.get(reverse("wallet_statements")).content.decode()
    assert "SNBSTO" in page and reverse("commission_credit_note_download", args=[note.pk, "pdf"]) in page
    assert reverse("commission_credit_note_download", args=[other_note.pk, "pdf"]) not in page
    pdf = client.get(reverse("commission_credit_note_download", args=[note.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "SNBSTO" in text and "SNBCOM" in text and "-150,00" not in text
    xml = client.get(reverse("commission_credit_note_download", args=[note.pk, "xml"]))
    assert xml.status_code == 200 and ET.fromstring(xml.content).tag.endswith("}CreditNote")
    # another shop's credit note answers as if it did not exist
    assert client.get(reverse("commission_credit_note_download", args=[other_note.pk, "pdf"])).status_code == 404




def test_the_monthly_job_issues_the_credit_note_and_its_xml_offline(identity):
    from marketplace.wallet.document_tasks import wallet_vendor_documents_task

    vendor = _vendor()
    (order,), _ = _october_invoiced(vendor, "1000.00")
    _refund(order, "1025.00")
    with time_machine.travel(DEC_FIRST, tick=False):
        wallet_vendor_documents_task(vendor.pk, "2026-11")
        wallet_vendor_documents_task(vendor.pk, "2026-11")  # safe to run twice
    note = CommissionCreditNote.objects.get(vendor=vendor)
    assert note.efactura_status == CommissionCreditNote.EFacturaStatus.NOT_SENT and ET.fromstring(note.efactura_xml.encode()).tag.endswith("}CreditNote")
    assert not CommissionInvoice.objects.filter(vendor=vendor, period=NOVEMBER).exists()


def test_staff_who_keep_the_ledger_see_credit_notes_and_download_them(client, identity):
    from tests.factories import UserFactory

    vendor = _vendor()
    (order,), _ = _october_invoiced(vendor, "1000.00")
    _refund(order, "1025.00")
    _, note = _close_november(vendor)
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:wallet_commissioncreditnote_changelist"))
    assert listing.status_code == 200 and "SNBSTO 000001" in listing.content.decode() and "SNBCOM000001" in listing.content.decode()
    pdf = client.get(reverse("admin:wallet_commissioncreditnote_pdf_detail", args=[note.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # no XML yet: back to the credit note's own page, saying so
    missing = client.get(reverse("admin:wallet_commissioncreditnote_xml_detail", args=[note.pk]))
    assert missing.status_code == 302
    assert missing["Location"] == reverse("admin:wallet_commissioncreditnote_change", args=[note.pk])
    again = client.get(reverse("admin:wallet_commissioncreditnote_upload_detail", args=[note.pk]), follow=True)
    assert "Netrimisă — lipsesc datele de acces ANAF" in again.content.decode()
    note.refresh_from_db()
    assert note.efactura_status == CommissionCreditNote.EFacturaStatus.NOT_SENT
    xml = client.get(reverse("admin:wallet_commissioncreditnote_xml_detail", args=[note.pk]))
    assert xml.status_code == 200 and ET.fromstring(xml.content).tag.endswith("}CreditNote")
    assert xml["Content-Disposition"] == f'attachment; filename="SNBSTO-{note.number:06d}.xml"'


def test_the_split_reads_the_same_whichever_document_is_issued_first(identity):
    # Given October invoiced, November a new sale and a full refund of October's sale
    vendor = _vendor()
    (order,), october = _october_invoiced(vendor, "1000.00")
    _sale(vendor, IN_NOVEMBER)
    _refund(order, "1025.00")
    # When the credit note is issued before the month's invoice
    with time_machine.travel(DEC_FIRST, tick=False):
        note = commission_credit_note_issue(vendor=vendor, period=NOVEMBER)
        invoice = commission_invoice_issue(vendor=vendor, period=NOVEMBER)
    # Then November's invoice is still its own sale's 150 lei and the note credits October's 150
    assert note.total == Decimal("150.00") and invoice.total == Decimal("150.00")


def test_a_refund_spanning_two_invoiced_months_credits_each_invoice_on_its_own_line(identity):
    vendor = _vendor()
    september = _sale(vendor, datetime(2026, 9, 10, 10, 0, tzinfo=UTC), "2000.00")
    with time_machine.travel(datetime(2026, 10, 1, 1, 0, tzinfo=UTC), tick=False):
        first = commission_invoice_issue(vendor=vendor, period=date(2026, 9, 1))
    (order,), second = _october_invoiced(vendor, "1000.00")
    _refund(september, "2025.00")
    _refund(order, "1025.00")
    _, note = _close_november(vendor)
    assert [line["number"] for line in note.lines] == [f"SNBCOM{first.number:06d}", f"SNBCOM{second.number:06d}"]
    assert note.total == first.total + second.total == Decimal("450.00")
    assert note.net_total + note.vat_total == note.total
    document = parse_invoice(credit_note_xml(note).encode("utf-8"))
    assert [f.rule for f in validate(document).fatal] == [] and len(document.preceding_invoices) == 2
