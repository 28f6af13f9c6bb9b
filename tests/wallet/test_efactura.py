"""e-Factura: the commission invoice's UBL 2.1 CIUS-RO XML (checked element by element and against
the CIUS-RO rule set read back independently), the offline provider that sends nothing and says so,
and the ANAF adapter against ANAF's answers (OAuth token, upload, stareMesaj) in their documented shapes."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import requests
import time_machine
from anafpy.efactura.authoring import validate
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from marketplace.wallet.anaf import AnafEFacturaProvider, OfflineEFacturaProvider, efactura_provider
from marketplace.wallet.document_tasks import efactura_status_task, wallet_vendor_documents_task
from marketplace.wallet.efactura import efactura_poll, efactura_read, efactura_submit, efactura_xml
from marketplace.wallet.invoicing import commission_invoice_issue
from marketplace.wallet.models import CommissionInvoice, WalletSettings
from tests.factories import UserFactory, approved_vendor, buyable, customer, login_with_second_factor
from tests.wallet.helpers import paid_order

pytestmark = pytest.mark.django_db

Status = CommissionInvoice.EFacturaStatus
NOVEMBER = date(2026, 11, 1)
NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
CIUS_RO = "urn:cen.eu:en16931:2017#compliant#urn:efactura.mfinante.ro:CIUS-RO:1.0.1"

# ANAF's answers, in the shapes its e-Factura API documents (upload: respUploadFisier; stareMesaj).
TOKEN_OK = {"access_token": "eyJhbGciOiJSUzI1NiJ9.test.sig", "token_type": "Bearer", "expires_in": 7776000,
            "refresh_token": "eyJhbGciOiJSUzI1NiJ9.refresh.sig", "scope": ""}
TOKEN_EXPIRED = {"error": "invalid_grant", "error_description": "Invalid refresh token"}
UPLOAD_OK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" dateResponse="202612010245" ExecutionStatus="0" index_incarcare="5003412890"/>')
UPLOAD_REFUSED = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1" dateResponse="202612010245" ExecutionStatus="1">'
                  b'<Errors errorMessage="Nu exista niciun CIF pentru care sa aveti drept in SPV"/></header>')
STATUS_OK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1" stare="ok" id_descarcare="3712345678"/>')
STATUS_PROCESSING = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     b'<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1" stare="in prelucrare"/>')
STATUS_NOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1" stare="nok" id_descarcare="3712345679"/>')
STATUS_QUERY_ERROR = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1">'
                      b'<Errors errorMessage="Nu aveti dreptul de inteorgare pentru id_incarcare= 5003412890"/></header>')


class Recorded:
    def __init__(self, status: int, content: bytes = b"", json_body=None):
        self.status_code, self.content, self._json = status, content, json_body
        self.text = content.decode("utf-8", "replace") if content else ""

    def json(self):
        if self._json is None:
            raise ValueError("not JSON")
        return self._json


class FakeSession:
    """Plays ANAF's answers in order and keeps every request (method, URL, params, headers, body, auth)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def _next(self, call):
        self.calls.append(call)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def post(self, url, **kwargs):
        return self._next({"method": "POST", "url": url, **kwargs})

    def request(self, method, url, **kwargs):
        return self._next({"method": method, "url": url, **kwargs})


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    cache.delete("wallet:anaf:access_token")
    yield
    cache.delete("wallet:anaf:access_token")


@pytest.fixture
def identity():
    return WalletSettings.objects.create(
        company_vat_number="RO18547290", company_registration_number="J40/1234/2020",
        company_street="Str. Academiei 1", company_city="Sector 1", company_county="București",
    )


def anaf(*answers, environment="prod"):
    session = FakeSession(*answers)
    return AnafEFacturaProvider(client_id="app-id", client_secret="app-secret", refresh_token="refresh-1",
                                environment=environment, session=session), session


def invoice_for(vendor=None, *, price="1000.00", **vendor_fields):
    vendor = vendor or approved_vendor(
        shop_name="Maison Lipscani", legal_name="Maison Lipscani SRL", trade_register_number="J40/12345/2019",
        **{"registered_address": "Str. Lipscani 21, Sector 3, București", **vendor_fields},
    )
    with time_machine.travel(datetime(2026, 11, 12, 10, 0, tzinfo=UTC), tick=False):
        paid_order(customer(), [buyable(vendor, price=price)])
    with time_machine.travel(datetime(2026, 12, 1, 0, 40, tzinfo=UTC), tick=False):
        return commission_invoice_issue(vendor=vendor, period=NOVEMBER)


def text(root, path):
    return root.find(path, NS).text


def test_the_xml_is_ubl_2_1_cius_ro_with_the_invoices_parties_and_totals(identity):
    invoice = invoice_for()
    root = ET.fromstring(efactura_xml(invoice))
    assert root.tag == f"{{{NS['inv']}}}Invoice"
    assert text(root, "cbc:CustomizationID") == CIUS_RO
    assert text(root, "cbc:ID") == "SNBCOM000001" and text(root, "cbc:InvoiceTypeCode") == "380"
    assert text(root, "cbc:IssueDate") == "2026-12-01" and text(root, "cbc:DocumentCurrencyCode") == "RON"
    assert (text(root, "cac:InvoicePeriod/cbc:StartDate"), text(root, "cac:InvoicePeriod/cbc:EndDate")) == ("2026-11-01", "2026-11-30")
    seller = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert text(seller, "cac:PartyTaxScheme/cbc:CompanyID") == "RO18547290"
    assert text(seller, "cac:PartyLegalEntity/cbc:RegistrationName") == "SNOBISTIC SRL"
    assert (text(seller, "cac:PostalAddress/cbc:CityName"), text(seller, "cac:PostalAddress/cbc:CountrySubentity")) == ("SECTOR1", "RO-B")
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert text(buyer, "cac:PartyTaxScheme/cbc:CompanyID") == "RO41283370"
    assert text(buyer, "cac:PartyLegalEntity/cbc:RegistrationName") == "Maison Lipscani SRL"
    assert (text(buyer, "cac:PostalAddress/cbc:StreetName"), text(buyer, "cac:PostalAddress/cbc:CityName"),
            text(buyer, "cac:PostalAddress/cbc:CountrySubentity")) == ("Str. Lipscani 21", "SECTOR3", "RO-B")
    assert text(root, "cac:TaxTotal/cbc:TaxAmount") == "26.03"
    assert text(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == "S"
    assert Decimal(text(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent")) == 21
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert [text(totals, f"cbc:{name}") for name in ("TaxExclusiveAmount", "TaxInclusiveAmount", "PrepaidAmount", "PayableAmount")] == [
        "123.97", "150.00", "150.00", "0.00",
    ]
    assert text(root, "cac:PaymentMeans/cbc:PaymentMeansCode") == "97"
    assert text(root, "cac:InvoiceLine/cbc:InvoicedQuantity") == "1"
    assert root.find("cac:InvoiceLine/cbc:InvoicedQuantity", NS).get("unitCode") == "C62"
    assert text(root, "cac:InvoiceLine/cac:Item/cbc:Name") == "Comision marketplace Noiembrie 2026"


def test_the_xml_read_back_passes_the_cius_ro_rules(identity):
    invoice = invoice_for()
    document = efactura_read(efactura_xml(invoice))
    report = validate(document)
    assert [f.rule for f in report.fatal] == []
    assert document.number == "SNBCOM000001" and document.seller.vat_id == "RO18547290"
    assert document.totals.payable == Decimal("0.00") and document.totals.tax_inclusive == Decimal("150.00")


def test_a_company_without_vat_is_named_by_its_cui_and_a_private_seller_by_thirteen_zeros(identity):
    company = invoice_for(vat_number="41283370", registered_address="Bd. Eroilor 5, Brașov, Brașov")
    buyer = ET.fromstring(efactura_xml(company)).find("cac:AccountingCustomerParty/cac:Party", NS)
    assert buyer.find("cac:PartyTaxScheme", NS) is None
    assert text(buyer, "cac:PartyLegalEntity/cbc:CompanyID") == "41283370"
    assert text(buyer, "cac:PostalAddress/cbc:CountrySubentity") == "RO-BV"
    person = invoice_for(approved_vendor(vat_number="", is_private_seller=True, legal_name="Elena Marinescu",
                                         registered_address="Str. Mare 3, Cluj-Napoca, Cluj"))
    buyer = ET.fromstring(efactura_xml(person)).find("cac:AccountingCustomerParty/cac:Party", NS)
    assert text(buyer, "cac:PartyLegalEntity/cbc:CompanyID") == "0000000000000"
    assert text(buyer, "cac:PostalAddress/cbc:CountrySubentity") == "RO-CJ"


def test_an_address_without_county_or_sector_is_not_sent_and_says_why(identity):
    invoice = invoice_for(registered_address="Bd. Unirii 1, București")  # no sector
    provider, session = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, UPLOAD_OK))
    invoice = efactura_submit(invoice=invoice, provider=provider)
    assert invoice.efactura_status == Status.INVALID
    assert "Sector 3" in invoice.efactura_message and invoice.efactura_xml == ""
    assert session.calls == []  # nothing went to ANAF


def test_offline_the_xml_is_kept_and_marked_not_sent(identity):
    invoice = efactura_submit(invoice=invoice_for(), provider=OfflineEFacturaProvider())
    assert invoice.efactura_status == Status.NOT_SENT
    assert invoice.get_efactura_status_display() == "Netrimisă — lipsesc datele de acces ANAF"
    assert invoice.efactura_xml.startswith("<?xml") and invoice.efactura_upload_id == ""
    assert invoice.efactura_log[-1]["provider"] == "offline" and invoice.efactura_log[-1]["sent"] is False


def test_without_every_credential_the_offline_provider_is_chosen():
    assert isinstance(efactura_provider(), OfflineEFacturaProvider)
    with override_settings(EFACTURA_PROVIDER="anaf", ANAF_CLIENT_ID="id", ANAF_CLIENT_SECRET="", ANAF_REFRESH_TOKEN="r"):
        assert isinstance(efactura_provider(), OfflineEFacturaProvider)
    with override_settings(EFACTURA_PROVIDER="anaf", ANAF_CLIENT_ID="id", ANAF_CLIENT_SECRET="s", ANAF_REFRESH_TOKEN="r",
                           ANAF_ENVIRONMENT="test"):
        provider = efactura_provider()
        assert isinstance(provider, AnafEFacturaProvider) and provider.base == "https://api.anaf.ro/test/FCTEL/rest"


def test_upload_takes_a_token_then_posts_the_xml_and_keeps_anafs_index(identity):
    invoice = invoice_for()
    provider, session = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, UPLOAD_OK))
    invoice = efactura_submit(invoice=invoice, provider=provider)
    assert (invoice.efactura_status, invoice.efactura_upload_id) == (Status.UPLOADED, "5003412890")
    token, upload = session.calls
    assert token["url"] == "https://logincert.anaf.ro/anaf-oauth2/v1/token" and token["auth"] == ("app-id", "app-secret")
    assert token["data"]["grant_type"] == "refresh_token" and token["data"]["refresh_token"] == "refresh-1"
    assert upload["method"] == "POST" and upload["url"] == "https://api.anaf.ro/prod/FCTEL/rest/upload"
    assert upload["params"] == {"standard": "UBL", "cif": "18547290"}
    assert upload["headers"]["Authorization"] == f"Bearer {TOKEN_OK['access_token']}"
    assert upload["data"] == invoice.efactura_xml.encode("utf-8")
    # Submitting again (a re-run job) uploads nothing twice
    assert efactura_submit(invoice=invoice, provider=provider).efactura_upload_id == "5003412890"
    assert len(session.calls) == 2


def test_a_private_sellers_invoice_goes_through_the_b2c_upload(identity):
    invoice = invoice_for(approved_vendor(vat_number="", is_private_seller=True, registered_address="Str. Mare 3, Cluj-Napoca, Cluj"))
    provider, session = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, UPLOAD_OK))
    efactura_submit(invoice=invoice, provider=provider)
    assert session.calls[1]["url"] == "https://api.anaf.ro/prod/FCTEL/rest/uploadb2c"


def test_anaf_refusing_the_upload_is_recorded_with_its_message(identity):
    provider, _session = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, UPLOAD_REFUSED))
    invoice = efactura_submit(invoice=invoice_for(), provider=provider)
    assert invoice.efactura_status == Status.REJECTED
    assert "Nu exista niciun CIF" in invoice.efactura_message


def test_an_expired_refresh_token_or_an_unreachable_anaf_fails_and_is_retried(identity, monkeypatch):
    invoice = invoice_for()
    provider, _ = anaf(Recorded(400, json_body=TOKEN_EXPIRED))
    invoice = efactura_submit(invoice=invoice, provider=provider)
    assert invoice.efactura_status == Status.FAILED and "Invalid refresh token" in invoice.efactura_message
    provider, _ = anaf(Recorded(200, json_body=TOKEN_OK), requests.ConnectionError("down"))
    invoice = efactura_submit(invoice=invoice, provider=provider)
    assert invoice.efactura_status == Status.FAILED
    provider, _ = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(502, b"<html>Bad gateway</html>"))
    assert efactura_submit(invoice=invoice, provider=provider).efactura_status == Status.FAILED
    # The status job uploads it again once ANAF answers (the job builds its provider from settings: ours stands in)
    cache.delete("wallet:anaf:access_token")
    provider, _ = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, UPLOAD_OK))
    monkeypatch.setattr("marketplace.wallet.efactura.efactura_provider", lambda: provider)
    assert efactura_status_task() == 1
    assert CommissionInvoice.objects.get(pk=invoice.pk).efactura_status == Status.UPLOADED


def test_invoices_kept_offline_are_uploaded_once_credentials_are_set(identity, monkeypatch):
    invoice = efactura_submit(invoice=invoice_for(), provider=OfflineEFacturaProvider())
    assert efactura_status_task() == 0  # still offline: nothing to ask, the invoice stays not sent
    assert CommissionInvoice.objects.get(pk=invoice.pk).efactura_status == Status.NOT_SENT
    provider, session = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, UPLOAD_OK))
    monkeypatch.setattr("marketplace.wallet.efactura.efactura_provider", lambda: provider)
    assert efactura_status_task() == 1
    invoice = CommissionInvoice.objects.get(pk=invoice.pk)
    assert (invoice.efactura_status, invoice.efactura_upload_id) == (Status.UPLOADED, "5003412890")
    assert session.calls[1]["data"] == invoice.efactura_xml.encode("utf-8")


def test_status_in_processing_stays_then_ok_is_accepted_and_nok_rejected(identity):
    invoice = efactura_submit(invoice=invoice_for(), provider=anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, UPLOAD_OK))[0])
    cache.delete("wallet:anaf:access_token")  # a new process: it asks for its own token
    provider, session = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, STATUS_PROCESSING), Recorded(200, STATUS_QUERY_ERROR),
                             Recorded(200, STATUS_OK))
    invoice = efactura_poll(invoice=invoice, provider=provider)
    assert invoice.efactura_status == Status.UPLOADED
    assert session.calls[1]["url"] == "https://api.anaf.ro/prod/FCTEL/rest/stareMesaj"
    assert session.calls[1]["params"] == {"id_incarcare": "5003412890"}
    invoice = efactura_poll(invoice=invoice, provider=provider)  # a failed query is not the invoice's fate
    assert invoice.efactura_status == Status.UPLOADED and "inteorgare" in invoice.efactura_log[-1]["errors"][0]
    invoice = efactura_poll(invoice=invoice, provider=provider)
    assert (invoice.efactura_status, invoice.efactura_download_id) == (Status.ACCEPTED, "3712345678")
    assert len(session.calls) == 4  # one token for all three questions

    other = invoice_for(approved_vendor(registered_address="Str. Mare 3, Cluj-Napoca, Cluj"))
    other = efactura_submit(invoice=other, provider=anaf(Recorded(200, UPLOAD_OK))[0])  # the token is still cached
    rejected = efactura_poll(invoice=other, provider=anaf(Recorded(200, STATUS_NOK))[0])
    assert (rejected.efactura_status, rejected.efactura_download_id) == (Status.REJECTED, "3712345679")


def test_an_answer_with_a_dtd_is_refused(identity):
    invoice = invoice_for()
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><header index_incarcare="&lol;"/>'
    provider, _ = anaf(Recorded(200, json_body=TOKEN_OK), Recorded(200, bomb))
    invoice = efactura_submit(invoice=invoice, provider=provider)
    assert invoice.efactura_status == Status.FAILED and "DTD" in invoice.efactura_message


def test_the_monthly_job_writes_the_xml_offline_and_the_vendor_downloads_it(client, identity):
    vendor = approved_vendor(shop_name="Maison Lipscani", registered_address="Str. Lipscani 21, Sector 3, București")
    with time_machine.travel(datetime(2026, 11, 12, 10, 0, tzinfo=UTC), tick=False):
        paid_order(customer(), [buyable(vendor, price="1000.00")])
    with time_machine.travel(datetime(2026, 12, 1, 0, 40, tzinfo=UTC), tick=False):
        assert wallet_vendor_documents_task(vendor.pk, "2026-11") == "sent"
    invoice = CommissionInvoice.objects.get(vendor=vendor)
    assert invoice.efactura_status == Status.NOT_SENT
    login_with_second_factor(client, vendor.user)
    page = client.get(reverse("wallet_statements")).content.decode()
    assert "Netrimisă — lipsesc datele de acces ANAF" in page
    response = client.get(reverse("commission_invoice_download", args=[invoice.pk, "xml"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert ET.fromstring(response.content).find("cbc:CustomizationID", NS).text == CIUS_RO


def test_staff_download_the_xml_and_upload_again(client, identity):
    invoice = efactura_submit(invoice=invoice_for(), provider=OfflineEFacturaProvider())
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:wallet_commissioninvoice_change", args=[invoice.pk]))
    assert page.status_code == 200
    xml = client.get(reverse("admin:wallet_commissioninvoice_xml_detail", args=[invoice.pk]))
    assert xml.status_code == 200 and xml.content.decode() == invoice.efactura_xml
    again = client.get(reverse("admin:wallet_commissioninvoice_upload_detail", args=[invoice.pk]), follow=True)
    assert "Netrimisă — lipsesc datele de acces ANAF" in again.content.decode()
