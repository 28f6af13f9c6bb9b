"""Monthly wallet statements: month boundaries in Bucharest time (frozen), balances that add up,
the PDF read back, the job on the 1st with its one e-mail, and the doors (vendor, staff)."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from marketplace.wallet.document_tasks import wallet_monthly_documents_task
from marketplace.wallet.ledger import ledger_post, platform_account, vendor_accounts
from marketplace.wallet.models import AccountKind, VendorStatement
from marketplace.wallet.payouts import payout_approve, payout_batch_export, payout_request
from marketplace.wallet.pdf import statement_pdf
from marketplace.wallet.periods import last_closed_period, period_bounds, period_parse
from marketplace.wallet.statements import statement_data, statement_issue
from tests.factories import UserFactory, approved_vendor, buyable, customer, login_with_second_factor, shop_manager
from tests.wallet.helpers import complete, paid_order, refund_event

pytestmark = pytest.mark.django_db

Z = Decimal("0.00")
# 30 November 2026, 23:30 in Bucharest is 21:30 UTC; 1 December 00:10 in Bucharest is 30 November 22:10 UTC.
LATE_NOVEMBER = datetime(2026, 11, 30, 21, 30, tzinfo=UTC)
EARLY_DECEMBER = datetime(2026, 11, 30, 22, 10, tzinfo=UTC)
MID_NOVEMBER = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
JOB_RUN = datetime(2027, 1, 1, 0, 40, tzinfo=UTC)  # 1 January, 02:40 in Bucharest
NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _sold_late_november_completed_early_december():
    with time_machine.travel(MID_NOVEMBER, tick=False):
        vendor = approved_vendor(shop_name="Maison Lipscani")
        buyer = customer()
        product = buyable(vendor, price="1000.00")
    with time_machine.travel(LATE_NOVEMBER, tick=False):
        order = paid_order(buyer, [product])
    with time_machine.travel(EARLY_DECEMBER, tick=False):
        complete(order)
    return vendor, order


def test_month_bounds_are_bucharest_midnights():
    start, end = period_bounds(NOVEMBER)
    assert start.astimezone(UTC) == datetime(2026, 10, 31, 22, 0, tzinfo=UTC)  # EET (winter): UTC+2
    assert end.astimezone(UTC) == datetime(2026, 11, 30, 22, 0, tzinfo=UTC)
    assert period_bounds(date(2026, 7, 1))[0].astimezone(UTC) == datetime(2026, 6, 30, 21, 0, tzinfo=UTC)  # EEST
    assert last_closed_period(EARLY_DECEMBER) == NOVEMBER
    assert last_closed_period(LATE_NOVEMBER) == date(2026, 10, 1)


def test_a_sale_at_23_30_on_the_last_day_belongs_to_that_month_and_its_release_to_the_next():
    # Given a sale paid at 23:30 Bucharest on 30 November and completed at 00:10 on 1 December
    vendor, order = _sold_late_november_completed_early_december()
    with time_machine.travel(JOB_RUN, tick=False):
        november = statement_data(vendor=vendor, period=NOVEMBER)
        december = statement_data(vendor=vendor, period=DECEMBER)
    # Then November opens empty, has the sale in pending and closes with it
    assert november.opening.total == Z
    assert [(m.kind, m.account, m.amount) for m in november.movements] == [("sale", "vendor_pending", Decimal("875.00"))]
    assert november.closing.pending == Decimal("875.00") and november.closing.available == Z
    assert (november.sales, november.commission) == (Decimal("1025.00"), Decimal("150.00"))
    # And December opens where November closed, and moves it to available
    assert december.opening == november.closing
    assert sorted((m.account, m.amount) for m in december.movements) == [
        ("vendor_available", Decimal("875.00")), ("vendor_pending", Decimal("-875.00")),
    ]
    assert december.closing.available == Decimal("875.00") and december.closing.pending == Z
    assert december.sales == Z and december.commission == Z


def test_opening_plus_movements_is_the_closing_balance_through_refunds_and_payouts():
    vendor, order = _sold_late_november_completed_early_december()
    with time_machine.travel(datetime(2026, 12, 5, 9, 0, tzinfo=UTC), tick=False):
        refund_event(order, "100.00")  # a partial refund after release
        accounts = vendor_accounts(vendor)
        ledger_post(key="fund:extra", kind="release", vendor=vendor, memo="Vânzare", lines=[
            (platform_account(AccountKind.BUYER_CLEARING), Decimal("-500.00")), (accounts[AccountKind.VENDOR_AVAILABLE], Decimal("500.00")),
        ])
        payout = payout_request(vendor=vendor, actor=vendor.user, amount=Decimal("300.00"))
        staff = shop_manager()
        payout_approve(payout=payout, actor=staff)
        payout_batch_export(actor=staff, currency="RON")
    with time_machine.travel(JOB_RUN, tick=False):
        data = statement_data(vendor=vendor, period=DECEMBER)
    for name in ("pending", "available", "reserved"):
        moved = sum((m.amount for m in data.movements if m.account == f"vendor_{name}"), Z)
        assert getattr(data.opening, name) + moved == getattr(data.closing, name), name
    assert data.refunds == Decimal("100.00")
    assert data.commission == Decimal("-14.63")  # the refund gave back its share of the 150 commission
    assert data.payouts == Decimal("300.00")
    assert data.closing.total == Decimal("875.00") - Decimal("85.37") + Decimal("500.00") - Decimal("300.00")


def test_the_pdf_reads_back_with_balances_and_every_movement_in_romanian():
    vendor, order = _sold_late_november_completed_early_december()
    with time_machine.travel(JOB_RUN, tick=False):
        text = pdf_text(statement_pdf(statement_data(vendor=vendor, period=DECEMBER)))
    assert "EXTRAS DE CONT" in text
    assert "Maison Lipscani" in text and "Decembrie 2026" in text
    assert "875,00 lei" in text  # opening pending, closing available
    assert text.count(f"Comanda {order.number} a fost finalizată") == 2  # both legs of the release
    assert "Mișcări (2)" in text


def test_a_month_with_two_thousand_movements_spans_pages_and_keeps_every_row():
    vendor = approved_vendor()
    accounts = vendor_accounts(vendor)
    clearing = platform_account(AccountKind.BUYER_CLEARING)
    with time_machine.travel(datetime(2026, 11, 15, 10, 0, tzinfo=UTC), tick=True):
        for i in range(1000):
            ledger_post(key=f"bulk:{i}", kind="release", vendor=vendor, memo=f"Mișcare {i:04d}", lines=[
                (clearing, Decimal("-1.00")), (accounts[AccountKind.VENDOR_AVAILABLE], Decimal("0.40")),
                (accounts[AccountKind.VENDOR_PENDING], Decimal("0.60")),
            ])
    with time_machine.travel(JOB_RUN, tick=False):
        data = statement_data(vendor=vendor, period=NOVEMBER)
        content = statement_pdf(data)
    assert len(data.movements) == 2000
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) > 20
    text = pdf_text(content)
    assert "Mișcare 0000" in text and "Mișcare 0999" in text
    assert "1.000,00 lei" in text  # closing total


def test_the_month_under_way_is_provisional_a_future_month_and_nonsense_are_refused():
    vendor, _order = _sold_late_november_completed_early_december()
    with time_machine.travel(datetime(2026, 12, 10, 12, 0, tzinfo=UTC), tick=False):
        data = statement_data(vendor=vendor, period=DECEMBER)
        assert data.provisional and data.closing.available == Decimal("875.00")
        assert "Provizoriu" in pdf_text(statement_pdf(data))
        with pytest.raises(ValidationError) as future:
            statement_data(vendor=vendor, period=date(2027, 1, 1))
        assert future.value.code == "statement_period_future"
        with pytest.raises(ValidationError) as still_open:
            statement_issue(vendor=vendor, period=DECEMBER)
        assert still_open.value.code == "statement_period_open"
    for bad in ("2026-13", "2026-1", "11-2026", "", "2026-11-01", "１２３４-11"):
        with pytest.raises(ValidationError) as invalid:
            period_parse(bad)
        assert invalid.value.code == "statement_period_invalid"


def test_the_job_on_the_first_records_each_statement_and_emails_each_vendor_once(django_capture_on_commit_callbacks):
    vendor, _order = _sold_late_november_completed_early_december()
    with time_machine.travel(MID_NOVEMBER, tick=False):
        quiet = approved_vendor(shop_name="Fără vânzări")  # no wallet account: no statement
    with time_machine.travel(datetime(2026, 12, 1, 0, 40, tzinfo=UTC), tick=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert wallet_monthly_documents_task() == 1
        statement = VendorStatement.objects.get(vendor=vendor, period=NOVEMBER)
        assert (statement.opening_balance, statement.closing_balance, statement.movements) == (Z, Decimal("875.00"), 1)
        assert statement.emailed_at is not None
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [vendor.user.email]
        assert "Noiembrie 2026" in mail.outbox[0].subject
        assert reverse("wallet_history") in mail.outbox[0].body
        # A second run (a retried job) records and sends nothing more
        with django_capture_on_commit_callbacks(execute=True):
            wallet_monthly_documents_task()
        assert VendorStatement.objects.filter(vendor=vendor).count() == 1
        assert len(mail.outbox) == 1
    assert not VendorStatement.objects.filter(vendor=quiet).exists()


def test_the_vendor_downloads_their_statements_and_a_bad_month_is_a_400(client):
    vendor, _order = _sold_late_november_completed_early_december()
    other = approved_vendor(shop_name="Alt magazin")
    with time_machine.travel(datetime(2026, 12, 10, 12, 0, tzinfo=UTC), tick=False):
        login_with_second_factor(client, vendor.user)
        page = client.get(reverse("wallet_statements"))
        assert page.status_code == 200
        assert reverse("wallet_statement", args=["2026-11"]) in page.content.decode()
        response = client.get(reverse("wallet_statement", args=["2026-11"]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Maison Lipscani" in text and "Alt magazin" not in text
        assert VendorStatement.objects.filter(vendor=vendor, period=NOVEMBER).exists()  # a closed month is recorded
        current = client.get(reverse("wallet_statement", args=["2026-12"]))
        assert current.status_code == 200 and "Provizoriu" in pdf_text(current.content)
        assert not VendorStatement.objects.filter(vendor=vendor, period=DECEMBER).exists()
        future = client.get(reverse("wallet_statement", args=["2027-01"]))
        assert future.status_code == 400 and "nu a început" in future.content.decode()
        assert client.get(reverse("wallet_statement", args=["2026-13"])).status_code == 400
        # Another vendor gets their own (empty) statement, never this one's
        client.logout()
        login_with_second_factor(client, other.user)
        theirs = pdf_text(client.get(reverse("wallet_statement", args=["2026-11"])).content)
        assert "Alt magazin" in theirs and "Maison Lipscani" not in theirs and "875,00" not in theirs


def test_a_buyer_cannot_reach_the_statement_pages(client):
    buyer = customer()
    login_with_second_factor(client, buyer)
    response = client.get(reverse("wallet_statement", args=["2026-11"]))
    assert response.status_code in (302, 403, 404)
    assert response.get("Content-Type") != "application/pdf"


def test_staff_download_any_vendors_statement_from_the_vendor_page(client):
    vendor, _order = _sold_late_november_completed_early_december()
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    with time_machine.travel(datetime(2026, 12, 10, 12, 0, tzinfo=UTC), tick=False):
        page = client.get(reverse("admin:vendors_vendorprofile_change", args=[vendor.pk]))
        assert page.status_code == 200
        link = reverse("admin:wallet_vendorstatement_on_demand", args=[vendor.pk, "2026-11"])
        response = client.get(link)
        assert response.status_code == 200 and "Maison Lipscani" in pdf_text(response.content)
        changelist = client.get(reverse("admin:wallet_vendorstatement_changelist"), {"vendor__id__exact": vendor.pk})
        assert changelist.status_code == 200 and "Maison Lipscani" in changelist.content.decode()
        this_month = client.get(reverse("admin:wallet_vendorstatement_on_demand", args=[vendor.pk, "2026-12"]))
        assert "Provizoriu" in pdf_text(this_month.content)


def test_staff_without_ledger_permission_get_no_statement(client):
    vendor, _order = _sold_late_november_completed_early_december()
    staff = UserFactory(is_staff=True)
    login_with_second_factor(client, staff)
    response = client.get(reverse("admin:wallet_vendorstatement_on_demand", args=[vendor.pk, "2026-11"]))
    assert response.status_code == 403
