"""`vendor_account` and `vendor_auctions` (/vendors/account/, /vendors/auctions/): the vendor's own data
only, the IBAN masked, balances and commission from the wallet, constant query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from backoffice.admin.vendor.auctions import duration_short
from backoffice.vendor_account_views import iban_masked
from marketplace.wallet.ledger import ledger_post, platform_account, vendor_accounts
from marketplace.wallet.models import AccountKind, CommissionRule
from tests.factories import approved_vendor, customer, live_auction, login_with_second_factor

pytestmark = pytest.mark.django_db


def _fund(vendor, kind, amount, key):
    ledger_post(key=f"{key}:{vendor.pk}", kind="release", vendor=vendor, memo="test", lines=[
        (platform_account(AccountKind.BUYER_CLEARING), -Decimal(amount)), (vendor_accounts(vendor)[kind], Decimal(amount)),
    ])


def test_iban_is_masked_but_keeps_country_and_last_four():
    assert iban_masked("RO16BTRLRONCRT0123456701") == "RO16 •••• •••• •••• •••• 6701"
    assert iban_masked("RO16 btrl RONC RT01 2345 6701") == "RO16 •••• •••• •••• •••• 6701"
    assert iban_masked("") == ""


def test_the_account_page_shows_the_vendors_own_shop_bank_balances_and_commission(client):
    # given two shops, the first with money available and pending and its own commission rate
    a = approved_vendor(shop_name="Atelier Alfa", legal_name="Alfa Lux SRL", registered_address="Str. Lipscani 21, Sector 3, București")
    b = approved_vendor(shop_name="Atelier Beta", legal_name="Beta Moda SRL", iban="RO49AAAA1B31007593840000")
    _fund(a, AccountKind.VENDOR_AVAILABLE, "1234.50", "avail")
    _fund(a, AccountKind.VENDOR_PENDING, "88.00", "pend")
    _fund(b, AccountKind.VENDOR_AVAILABLE, "999.00", "avail")
    CommissionRule.objects.create(vendor=a, percent=Decimal("12.50"), valid_from=timezone.now() - timedelta(days=1))
    CommissionRule.objects.create(vendor=b, percent=Decimal("30.00"), valid_from=timezone.now() - timedelta(days=1))
    login_with_second_factor(client, a.user)
    # when the first shop opens its account page
    page = client.get(reverse("vendor_account"))
    # then it sees its own data, the IBAN masked, its balances and its rate, with links to the flows
    assert page.status_code == 200
    body = page.content.decode()
    assert "Atelier Alfa" in body and "Alfa Lux SRL" in body and "RO41283370" in body
    assert "RO16 •••• •••• •••• •••• 6701" in body and "RO16BTRLRONCRT0123456701" not in body
    assert "1.234,50 lei" in body and "88,00 lei" in body
    assert "12.50%" in body or "12,50%" in body
    assert reverse("vendors:vendors_vendorprofile_change", args=[a.pk]) in body
    for name in ("wallet_history", "wallet_statements", "payout_request"):
        assert reverse(name) in body
    # and nothing of the other shop
    assert "Atelier Beta" not in body and "Beta Moda" not in body and "999,00" not in body and "30.00%" not in body
    assert "8400" not in body  # the other shop's IBAN tail


def test_the_account_page_shows_the_platform_rate_and_category_overrides_without_a_shop_rule(client):
    from tests.factories import catalogue

    vendor = approved_vendor()
    category = catalogue()["category"]
    CommissionRule.objects.create(category=category, percent=Decimal("7.00"), valid_from=timezone.now() - timedelta(days=1))
    login_with_second_factor(client, vendor.user)
    page = client.get(reverse("vendor_account"))
    commission = page.context["commission"]
    assert commission.vendor_rule is None and [r.percent for r in commission.category_rules] == [Decimal("7.00")]
    assert str(category) in page.content.decode()


def test_the_account_page_is_refused_to_a_customer(client):
    buyer = customer()
    login_with_second_factor(client, buyer)
    page = client.get(reverse("vendor_account"))
    assert page.status_code in (302, 403, 404)
    assert b"RO16" not in page.content


def test_the_account_page_costs_the_same_queries_whatever_the_rules_and_balances(client):
    vendor = approved_vendor()
    login_with_second_factor(client, vendor.user)
    url = reverse("vendor_account")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    from tests.factories import catalogue

    category = catalogue()["category"]
    for i in range(5):
        CommissionRule.objects.create(category=category, percent=Decimal(5 + i), valid_from=timezone.now() - timedelta(days=i + 1))
    _fund(vendor, AccountKind.VENDOR_AVAILABLE, "10.00", "a")
    _fund(vendor, AccountKind.VENDOR_PENDING, "10.00", "p")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)


def test_vendor_auctions_lead_to_the_vendors_own_auctions_with_time_left(client):
    mine = live_auction(approved_vendor(shop_name="Atelier Alfa"), title="Geantă Alfa la licitație", reserve_price="500.00")
    other = live_auction(approved_vendor(shop_name="Atelier Beta"), title="Geantă Beta la licitație")
    login_with_second_factor(client, mine.product.vendor.user)
    redirect = client.get(reverse("vendor_auctions"))
    assert redirect.status_code == 302 and redirect["Location"] == reverse("vendors:auctions_auction_changelist")
    page = client.get(redirect["Location"])
    body = page.content.decode()
    assert "Geantă Alfa la licitație" in body and "Geantă Beta la licitație" not in body
    assert "23 h 59 min" in body or "23 h 58 min" in body  # a 24-hour lot just started
    # another shop's auction answers as if it did not exist
    assert client.get(reverse("vendors:auctions_auction_change", args=[other.pk])).status_code in (302, 404)


def test_vendor_auctions_list_costs_a_constant_number_of_queries(client):
    vendor = approved_vendor()
    live_auction(vendor, title="Lot 0")
    login_with_second_factor(client, vendor.user)
    url = reverse("vendors:auctions_auction_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(1, 30):
        live_auction(vendor, title=f"Lot {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["cl"].result_count == 30
    assert len(many) == len(one)


def test_time_left_reads_at_a_glance():
    with translation.override("ro"):
        assert str(duration_short(timedelta(days=2, hours=4, minutes=5))) == "2 z 4 h"
    with translation.override("en"):
        assert str(duration_short(timedelta(days=2, hours=4, minutes=5))) == "2 d 4 h"
    assert str(duration_short(timedelta(hours=3, minutes=12))) == "3 h 12 min"
    assert str(duration_short(timedelta(minutes=8, seconds=50))) == "8 min"
    assert str(duration_short(timedelta(seconds=-5))) == "0 min"


def test_both_pages_are_in_the_vendor_sidebar():
    links = {str(item["link"]) for group in settings.UNFOLD_VENDOR["SIDEBAR"]["navigation"] for item in group["items"]}
    assert reverse("vendor_account") in links and reverse("vendor_auctions") in links
