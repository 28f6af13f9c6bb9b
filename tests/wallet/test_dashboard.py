"""Issue 14, dashboards with sales and commission on every money screen.

The vendor dashboard (`vendor_dashboard`, /vendors/): sales today / 7 / 30 days (gross, commission,
net), pending and available balance, orders by state, what to ship, open auctions, a sales chart.
`vendor_sold`: the shop's sold lines with gross, commission and net. The staff dashboard: GMV,
commission earned, orders by state, late shipments, payouts to decide. Each page costs the same
number of queries with 1 or many orders, in Romanian, money written 17.586,00 lei.
"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.orders.lifecycle import order_cancel
from marketplace.orders.models import Order, Shipment
from marketplace.wallet.payouts import payout_request
from marketplace.wallet.sales import sales_per_day, sales_summary, shipments_by_status, sold_items_for_user
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor, shop_manager
from tests.wallet.helpers import complete, paid_order

pytestmark = pytest.mark.django_db


def _ro(client):
    client.cookies["django_language"] = "ro"
    return client


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 200
    return len(captured)


# --- the selectors ---------------------------------------------------------------------------------

def test_sales_summary_counts_paid_lines_by_local_day_and_leaves_cancelled_orders_out():
    vendor, other = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    buyer = customer()
    # 09:00 in Bucharest on 10 March; 15% commission on every line
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 1, 9, 0)), tick=False):
        paid_order(buyer, [buyable(vendor, price="100.00")])  # 9 days before: in 30 days only
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 9, 23, 59)), tick=False):
        paid_order(buyer, [buyable(vendor, price="200.00")])  # yesterday, one minute before midnight
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 10, 0, 1)), tick=False):
        paid_order(buyer, [buyable(vendor, price="1000.00")])  # today
        cancelled = paid_order(buyer, [buyable(vendor, price="5000.00")])
        order_cancel(order=cancelled, actor=None, reason="Vânzătorul nu o mai are")
        paid_order(buyer, [buyable(other, price="400.00")])
    now = timezone.make_aware(timezone.datetime(2026, 3, 10, 9, 0))
    summary = sales_summary(vendor=vendor, now=now)
    assert (summary.today.gross, summary.today.commission, summary.today.net) == (Decimal("1000.00"), Decimal("150.00"), Decimal("850.00"))
    assert (summary.week.gross, summary.week.lines) == (Decimal("1200.00"), 2)
    assert (summary.month.gross, summary.month.commission) == (Decimal("1300.00"), Decimal("195.00"))
    platform = sales_summary(now=now)
    assert (platform.today.gross, platform.today.commission) == (Decimal("1400.00"), Decimal("210.00"))
    days = sales_per_day(vendor=vendor, days=30, now=now)
    assert len(days) == 30 and days[-1][0].isoformat() == "2026-03-10"
    assert days[-1][1:] == (Decimal("1000.00"), Decimal("150.00"))
    assert days[-2][1:] == (Decimal("200.00"), Decimal("30.00"))
    assert days[-10][1:] == (Decimal("100.00"), Decimal("15.00"))
    assert sum(gross for _d, gross, _c in days) == Decimal("1300.00")


def test_shipments_by_status_counts_the_vendors_parcels_and_all_orders_for_staff():
    vendor = approved_vendor()
    buyer = customer()
    paid_order(buyer, [buyable(vendor, price="100.00")])
    complete(paid_order(buyer, [buyable(vendor, price="100.00")]))
    assert shipments_by_status(vendor=vendor) == {"paid": 1, "completed": 1}
    assert shipments_by_status()["paid"] >= 1


# --- the vendor dashboard ---------------------------------------------------------------------------

def test_vendor_dashboard_shows_sales_balances_states_and_what_to_ship_in_romanian(client):
    vendor = approved_vendor(shop_name="Atelier Ana")
    order = paid_order(customer(), [buyable(vendor, price="17586.00")])
    login_with_second_factor(_ro(client), vendor.user)
    response = client.get(reverse("vendors:index"), HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vânzări azi" in body and "Vânzări, ultimele 30 de zile" in body
    assert "17.586,00 lei" in body  # gross today
    assert "14.948,10 lei" in body  # net after 15 %
    assert "14.973,10 lei" in body  # pending: net + 25 lei shipping
    assert "De expediat" in body and order.number in body
    assert "Comenzi după stare" in body
    states = {s["status"]: s["count"] for s in response.context["order_states"]}
    assert states["paid"] == 1 and states["completed"] == 0
    chart = json.loads(response.context["sales_chart"])
    assert len(chart["labels"]) == 30 and chart["datasets"][0]["data"][-1] == 14948.1
    assert reverse("vendor_sold") in body


def test_vendor_dashboard_sees_only_its_own_shop(client):
    mine, theirs = approved_vendor(shop_name="Mine"), approved_vendor(shop_name="Theirs")
    other_order = paid_order(customer(), [buyable(theirs, price="4321.00")])
    login_with_second_factor(client, mine.user)
    body = client.get(reverse("vendors:index")).content.decode()
    assert other_order.number not in body and "4.321,00" not in body


def test_vendor_dashboard_costs_the_same_queries_with_many_orders(client):
    vendor = approved_vendor()
    buyer = customer()
    paid_order(buyer, [buyable(vendor, price="100.00")])
    login_with_second_factor(client, vendor.user)
    url = reverse("vendors:index")
    client.get(url)
    one = _queries(client, url)
    for _i in range(12):
        paid_order(buyer, [buyable(vendor, price="100.00")])
    complete(paid_order(buyer, [buyable(vendor, price="100.00")]))
    assert _queries(client, url) == one


# --- vendor_sold ------------------------------------------------------------------------------------

def test_vendor_sold_lists_gross_commission_and_net_per_line(client):
    vendor, other = approved_vendor(shop_name="Atelier"), approved_vendor(shop_name="Alt")
    buyer = customer()
    order = paid_order(buyer, [buyable(vendor, price="1000.00", title="Geantă Kelly")])
    paid_order(buyer, [buyable(other, price="777.00", title="Eșarfă străină")])
    place_unpaid = buyable(vendor, price="50.00", title="Nevândută")
    login_with_second_factor(_ro(client), vendor.user)
    response = client.get(reverse("vendor_sold"), HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Articole vândute" in body
    assert "Geantă Kelly" in body and order.number in body
    assert "1.000,00 lei" in body and "150,00 lei" in body and "850,00 lei" in body and "(15 %)" in body
    assert "Eșarfă străină" not in body and "777,00" not in body
    assert place_unpaid.title not in body
    assert response.context["totals"]["net"] == Decimal("850.00")


def test_vendor_sold_filters_by_status_and_costs_constant_queries(client):
    vendor = approved_vendor()
    buyer = customer()
    complete(paid_order(buyer, [buyable(vendor, price="300.00")]))
    login_with_second_factor(client, vendor.user)
    url = reverse("vendor_sold")
    client.get(url)
    one = _queries(client, url)
    for _i in range(10):
        paid_order(buyer, [buyable(vendor, price="100.00")])
    assert _queries(client, url) == one
    completed = client.get(url, {"status": "completed"})
    assert [item.order.status for item in completed.context["page"].object_list] == ["completed"]
    assert client.get(url, {"date_from": "not a date"}).status_code == 200


def test_vendor_sold_is_refused_to_a_buyer(client):
    buyer = customer()
    client.force_login(buyer)
    response = client.get(reverse("vendor_sold"))
    assert response.status_code in (302, 403)
    assert sold_items_for_user(user=buyer).count() == 0


# --- commission on the order screens ----------------------------------------------------------------

def test_the_vendors_shipment_page_and_list_show_gross_commission_and_net(client):
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00"), buyable(vendor, price="200.00")])
    shipment = Shipment.objects.get(order=order)
    login_with_second_factor(_ro(client), vendor.user)
    page = client.get(reverse("vendors:orders_shipment_change", args=[shipment.pk]), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "comision" in page.lower()
    assert "150,00 lei (15 %)" in page and "30,00 lei (15 %)" in page
    assert "850,00 lei" in page and "170,00 lei" in page
    assert "1.020,00 lei" in page  # net of the parcel
    listing = client.get(reverse("vendors:orders_shipment_changelist"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "180,00 lei" in listing and "1.020,00 lei" in listing


def test_the_shipment_list_costs_constant_queries_with_commission(client):
    vendor = approved_vendor()
    buyer = customer()
    paid_order(buyer, [buyable(vendor, price="100.00")])
    login_with_second_factor(client, vendor.user)
    url = reverse("vendors:orders_shipment_changelist")
    client.get(url)
    one = _queries(client, url)
    for _i in range(6):
        paid_order(buyer, [buyable(vendor, price="100.00"), buyable(vendor, price="50.00")])
    assert _queries(client, url) == one


def test_the_staff_order_page_shows_each_lines_commission_and_net(client):
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])
    login_with_second_factor(_ro(client), shop_manager())
    page = client.get(reverse("admin:orders_order_change", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "150,00 lei (15 %)" in page and "850,00 lei" in page
    unpaid = Order.objects.create(buyer=customer(), email="x@example.com", number="SN-UNPAID01")
    assert client.get(reverse("admin:orders_order_change", args=[unpaid.pk])).status_code == 200


# --- the staff dashboard ----------------------------------------------------------------------------

def test_staff_dashboard_shows_gmv_commission_payouts_and_late_parcels(client):
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="2000.00")])
    Shipment.objects.filter(order=order).update(ship_by=timezone.now() - timedelta(hours=2))
    funded = approved_vendor(shop_name="Cu bani")
    complete(paid_order(customer(), [buyable(funded, price="1000.00")]))
    payout_request(vendor=funded, actor=funded.user, amount=Decimal("500.00"))
    login_with_second_factor(_ro(client), shop_manager())
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ro")
    body = response.content.decode()
    assert "3.000,00 lei" in body  # GMV today
    assert "450,00 lei" in body  # commission
    assert "500,00 lei" in body  # payout to decide
    kpis = {str(k["title"]): k["value"] for k in response.context["money_kpis"]}
    assert kpis["Plăți de aprobat"] == 1 and kpis["Expedieri întârziate"] == 1
    assert order.number in body


def test_staff_dashboard_costs_the_same_queries_with_many_orders(client):
    vendor = approved_vendor()
    buyer = customer()
    paid_order(buyer, [buyable(vendor, price="100.00")])
    login_with_second_factor(client, shop_manager())
    url = reverse("admin:index")
    client.get(url)
    one = _queries(client, url)
    for _i in range(10):
        order = paid_order(buyer, [buyable(vendor, price="100.00")])
        Shipment.objects.filter(order=order).update(ship_by=timezone.now() - timedelta(hours=1))
    assert _queries(client, url) == one


def test_wallet_history_shows_a_sales_gross_and_commission_beside_the_net(client):
    vendor = approved_vendor()
    paid_order(customer(), [buyable(vendor, price="1000.00")])
    login_with_second_factor(_ro(client), vendor.user)
    response = client.get(reverse("wallet_history"), HTTP_ACCEPT_LANGUAGE="ro")
    (entry,) = response.context["page"].object_list
    assert (entry.gross, entry.commission, entry.amount) == (Decimal("1025.00"), Decimal("150.00"), Decimal("875.00"))
    body = response.content.decode()
    assert "Brut" in body and "1.025,00 lei" in body and "150,00 lei" in body and "875,00 lei" in body
    csv_body = client.get(reverse("wallet_history"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "1.025,00;150,00;875,00" in csv_body
