"""The wallet's doors: vendor pages (scoped to the vendor, CSV, constant queries) and the staff queue."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.wallet.ledger import ledger_post, platform_account, vendor_accounts
from marketplace.wallet.models import AccountKind, BankDetailsChange, PayoutBatch, PayoutRequest
from marketplace.wallet.payouts import payout_request
from tests.factories import approved_vendor, customer, login_with_second_factor, shop_manager
from tests.wallet.helpers import balances

pytestmark = pytest.mark.django_db


def _fund(vendor, amount="1000.00", n=1, batch="a"):
    accounts = vendor_accounts(vendor)
    for i in range(n):
        ledger_post(key=f"fund:{vendor.pk}:{batch}{i}", kind="release", vendor=vendor, memo=f"Vânzare {vendor.shop_name} {i}", lines=[
            (platform_account(AccountKind.BUYER_CLEARING), -Decimal(amount)), (accounts[AccountKind.VENDOR_AVAILABLE], Decimal(amount)),
        ])


def test_a_vendor_sees_only_their_own_wallet(client):
    a, b = approved_vendor(shop_name="Atelier A"), approved_vendor(shop_name="Atelier B")
    _fund(a, "1234.50"), _fund(b, "999.00")
    login_with_second_factor(client, a.user)
    page = client.get(reverse("wallet_history"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "1.234,50 lei" in body and "Vânzare Atelier A" in body
    assert "Atelier B" not in body and "999,00" not in body
    csv_body = client.get(reverse("wallet_history"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Vânzare Atelier A" in csv_body and "Atelier B" not in csv_body
    assert "1.234,50" in csv_body


def test_history_filters_by_balance_and_costs_a_constant_number_of_queries(client):
    vendor = approved_vendor()
    login_with_second_factor(client, vendor.user)
    _fund(vendor, "100.00", n=1)
    url = reverse("wallet_history")
    client.get(url)  # warm caches (site settings)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _fund(vendor, "100.00", n=40, batch="b")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(one)
    assert len(response.context["page"].object_list) == 41
    filtered = client.get(url, {"account": "vendor_pending"})
    assert list(filtered.context["page"].object_list) == []


def test_a_vendor_asks_for_a_payout_from_the_page(client):
    vendor = approved_vendor()
    _fund(vendor, "500.00")
    login_with_second_factor(client, vendor.user)
    url = reverse("payout_request")
    assert client.get(url).status_code == 200
    too_much = client.post(url, {"amount": "600", "currency": "RON"})
    assert too_much.status_code == 400
    assert "amount" in too_much.context["form"].errors
    done = client.post(url, {"amount": "300,00", "currency": "RON"})
    assert done.status_code == 302
    assert PayoutRequest.objects.get().amount == Decimal("300.00")
    assert balances(vendor).reserved == Decimal("300.00")


def test_buyers_cannot_open_the_wallet_pages(client):
    buyer = customer()
    client.force_login(buyer)
    for name in ("wallet_history", "payout_request"):
        assert client.get(reverse(name)).status_code in (302, 403)


def test_staff_approve_export_and_download_a_batch_but_not_after_changing_the_iban(client):
    vendor, manager = approved_vendor(), shop_manager()
    _fund(vendor)
    payout = payout_request(vendor=vendor, actor=vendor.user, amount="250")
    login_with_second_factor(client, manager)
    queue = client.get(reverse("admin:wallet_payoutrequest_changelist"))
    assert queue.status_code == 200 and vendor.shop_name in queue.content.decode()
    # the same person changed the shop's IBAN an hour ago: refused
    BankDetailsChange.objects.create(vendor=vendor, actor=manager, old_iban="x", new_iban=vendor.iban)
    approve = reverse("admin:wallet_payoutrequest_approve_detail", args=[payout.pk])
    client.post(approve)
    assert PayoutRequest.objects.get().status == "requested"
    BankDetailsChange.objects.all().delete()
    client.post(approve)
    assert PayoutRequest.objects.get().status == "approved"
    export = client.post(reverse("admin:wallet_payoutrequest_export_batch"), {"currency": "RON"})
    assert export.status_code == 302
    batch = PayoutBatch.objects.get()
    download = client.get(reverse("admin:wallet_payoutbatch_download_detail", args=[batch.pk]))
    assert download["Content-Disposition"].endswith('.csv"')
    assert vendor.iban in download.content.decode()
    client.post(reverse("admin:wallet_payoutbatch_mark_paid_detail", args=[batch.pk]), {"bank_reference": "BT-77"})
    assert PayoutRequest.objects.get().status == "paid"
    # the ledger browser is read-only
    assert client.get(reverse("admin:wallet_ledgertransaction_changelist")).status_code == 200
    assert client.get(reverse("admin:wallet_ledgertransaction_add")).status_code == 403


def test_a_vendor_cannot_reach_the_staff_payouts(client):
    vendor = approved_vendor()
    login_with_second_factor(client, vendor.user)
    assert client.get(reverse("admin:wallet_payoutrequest_changelist")).status_code in (302, 403)
