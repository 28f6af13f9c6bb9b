"""A vendor finds their statements in Chromium: Wallet → Statements and invoices, downloads last
month's statement and the commission invoice (PDF and e-Factura XML), all in Romanian, under the CSP."""

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from marketplace.wallet.efactura import efactura_submit
from marketplace.wallet.invoicing import commission_invoice_issue
from marketplace.wallet.ledger import ledger_post, platform_account, vendor_accounts
from marketplace.wallet.models import AccountKind, LedgerTransaction, WalletSettings
from marketplace.wallet.periods import current_period, previous_period
from tests.browser.pages import signed_in
from tests.browser.support import browser, csp_watch, needs_chromium  # noqa: F401  (fixtures)
from tests.factories import approved_vendor

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/walb-shots")


def test_a_vendor_downloads_last_months_statement_and_invoice(browser, live_server, csp_watch):  # noqa: F811
    WalletSettings.objects.create(company_vat_number="RO18547290", company_street="Str. Academiei 1",
                                  company_city="Sector 1", company_county="București")
    vendor = approved_vendor(shop_name="Maison Lipscani", registered_address="Str. Lipscani 21, Sector 3, București")
    last_month = previous_period(current_period())
    vendor.__class__.objects.filter(pk=vendor.pk).update(created_at=timezone.now() - timedelta(days=70))
    accounts = vendor_accounts(vendor)
    with time_machine.travel(timezone.now().replace(day=1) - timedelta(days=3), tick=False):  # a sale last month
        ledger_post(key="sale:browser", kind=LedgerTransaction.Kind.SALE, vendor=vendor, memo="Comanda SNB-BRW-001 plătită", lines=[
            (platform_account(AccountKind.BUYER_CLEARING), Decimal("-1000.00")),
            (accounts[AccountKind.VENDOR_PENDING], Decimal("850.00")), (platform_account(AccountKind.COMMISSION_INCOME), Decimal("150.00")),
        ])
    invoice = efactura_submit(invoice=commission_invoice_issue(vendor=vendor, period=last_month))

    context = signed_in(browser, live_server, vendor.user, two_factor=True, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/vendors/wallet-history/")
    page.get_by_role("link", name="Extrase și facturi").click()
    page.wait_for_selector("[data-statements]")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "statements.png"), full_page=True)
    body = page.content()
    assert "Extrase lunare" in body and "Facturi de comision" in body
    assert f"{invoice.series} {invoice.number:06d}" in body and "Netrimisă — lipsesc datele de acces ANAF" in body
    with page.expect_download() as download:
        page.locator(f"a[href='/vendors/wallet-statement/{last_month:%Y-%m}/']").click()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages)
    assert "EXTRAS DE CONT" in text and "Comanda SNB-BRW-001 plătită" in text and "850,00 lei" in text
    with page.expect_download() as xml:
        page.get_by_role("link", name="XML").click()
    assert b"CIUS-RO" in Path(xml.value.path()).read_bytes()
    csp_watch.assert_none()
    context.close()
