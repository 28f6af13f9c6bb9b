"""Escrow postings driven by the order's events: sale, release, reversals before and after release."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.orders.fulfilment import orders_complete_due
from marketplace.orders.lifecycle import order_cancel
from marketplace.orders.models import Shipment
from marketplace.wallet.audit import wallet_audit
from marketplace.wallet.escrow import escrow_on_order_event, escrow_release
from marketplace.wallet.models import CommissionCharge, CommissionRule, Entry, LedgerTransaction
from tests.factories import approved_vendor, buyable, customer
from tests.orders.helpers import place_order
from tests.wallet.helpers import balances, complete, paid_order, platform, refund_event, walk

pytestmark = pytest.mark.django_db

Z = Decimal("0.00")


def _sums_to_zero():
    assert wallet_audit() == []


def test_payment_puts_the_vendors_share_in_pending_and_the_commission_in_income():
    # Given a 1.000 lei bag (15% commission) shipped by courier for 25 lei
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])
    # Then the vendor's 850 + 25 shipping wait in pending; the platform earned 150; clearing holds the 1.025 taken
    assert balances(vendor).pending == Decimal("875.00")
    assert balances(vendor).available == Z
    assert platform("commission_income") == Decimal("150.00")
    assert platform("buyer_clearing") == -order.total
    charge = CommissionCharge.objects.get(item__order=order)
    assert (charge.percent, charge.amount, charge.net) == (Decimal("15.00"), Decimal("150.00"), Decimal("850.00"))
    _sums_to_zero()


def test_vendor_override_applies_at_payment():
    vendor = approved_vendor()
    CommissionRule.objects.create(vendor=vendor, percent=Decimal("10"), fixed_fee=Decimal("5"), valid_from=timezone.now() - timedelta(days=1))
    paid_order(customer(), [buyable(vendor, price="1000.00")])
    assert platform("commission_income") == Decimal("105.00")
    assert balances(vendor).pending == Decimal("920.00")


def test_each_vendor_of_a_split_order_gets_their_own_share():
    a, b = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    paid_order(customer(), [buyable(a, price="200.00"), buyable(b, price="400.00")])
    assert balances(a).pending == Decimal("195.00")  # 170 + 25
    assert balances(b).pending == Decimal("365.00")  # 340 + 25
    assert platform("commission_income") == Decimal("90.00")


def test_a_replayed_event_posts_nothing():
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])
    count = Entry.objects.count()
    for event in order.events.all():  # every event of the order announced again
        escrow_on_order_event(order=order, event=event)
    complete(order)
    for event in order.events.all():
        escrow_on_order_event(order=order, event=event)
    escrow_release(shipment=order.shipments.get())
    assert Entry.objects.count() == count + 2  # only the release's two legs were added
    assert balances(vendor).available == Decimal("875.00")
    assert balances(vendor).pending == Z
    _sums_to_zero()


def test_completion_releases_pending_to_available():
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])
    walk(order, "awb_generated", "shipped", "delivered")
    assert balances(vendor).pending == Decimal("875.00")  # delivered is not completed: still in escrow
    walk(order, "completed")
    assert (balances(vendor).pending, balances(vendor).available) == (Z, Decimal("875.00"))


def test_cancel_before_release_reverses_everything_and_the_refund_settles_clearing():
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])
    order_cancel(order=order, actor=None, reason="Vendor cannot ship")
    assert balances(vendor).total == Z
    assert platform("commission_income") == Z
    # what the buyer paid is either sent back (clearing) or owed by hand (refunds payable)
    assert platform("refunds_payable") + platform("buyer_clearing") == Z
    assert platform("refunds_payable") in (Z, order.total)
    assert LedgerTransaction.objects.filter(kind="reversal").count() == 1
    _sums_to_zero()


def test_cash_on_delivery_posts_only_when_the_cash_is_collected():
    vendor = approved_vendor()
    order = place_order(customer(), [buyable(vendor, price="500.00")])  # COD
    walk(order, "awb_generated", "shipped")
    assert balances(vendor).total == Z
    walk(order, "delivered")
    assert balances(vendor).pending == Decimal("450.00")  # 425 + 25


def test_cash_on_delivery_cancelled_before_delivery_posts_nothing():
    vendor = approved_vendor()
    order = place_order(customer(), [buyable(vendor, price="500.00")])
    order_cancel(order=order, actor=None, reason="Buyer changed their mind")
    assert Entry.objects.count() == 0


def test_partial_refund_before_release_takes_commission_back_in_proportion():
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])  # gross 1.025: pending 875, commission 150
    refund_event(order, "205.00")  # a fifth of the gross
    assert platform("commission_income") == Decimal("120.00")
    assert balances(vendor).pending == Decimal("700.00")
    assert platform("buyer_clearing") == -order.total + Decimal("205.00")
    assert platform("refunds_payable") == Z
    _sums_to_zero()


def test_refund_after_release_takes_from_available_which_may_go_negative():
    vendor = approved_vendor()
    order = complete(paid_order(customer(), [buyable(vendor, price="1000.00")]))
    assert balances(vendor).available == Decimal("875.00")
    # the vendor is paid out in the meantime (simulated by a payout of everything available)
    from marketplace.wallet.payouts import payout_request
    payout_request(vendor=vendor, actor=vendor.user, amount=Decimal("875.00"))
    refund_event(order, "1025.00")
    assert balances(vendor).available == Decimal("-875.00")
    assert platform("commission_income") == Z
    assert wallet_audit() == []  # a negative available balance that a reversal explains is accepted


def test_a_refund_for_one_shipment_touches_only_that_vendor():
    a, b = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    order = paid_order(customer(), [buyable(a, price="200.00"), buyable(b, price="400.00")])
    shipment_b = Shipment.objects.get(order=order, vendor=b)
    refund_event(order, "425.00", shipment_id=shipment_b.pk)
    assert balances(a).pending == Decimal("195.00")
    assert balances(b).pending == Z
    assert platform("commission_income") == Decimal("30.00")


def test_a_refund_without_shipment_is_spread_over_the_shipments():
    a, b = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    order = paid_order(customer(), [buyable(a, price="200.00"), buyable(b, price="400.00")])  # gross 225 and 425
    refund_event(order, str(order.total))
    assert balances(a).total == Z and balances(b).total == Z
    assert platform("commission_income") == Z
    _sums_to_zero()


def test_a_refund_larger_than_what_stands_reverses_only_what_stands():
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])
    refund_event(order, "500.00")
    refund_event(order, "900.00")
    assert balances(vendor).total == Z
    assert platform("commission_income") == Z


def test_a_refund_owed_by_hand_stays_in_refunds_payable():
    vendor = approved_vendor()
    order = paid_order(customer(), [buyable(vendor, price="1000.00")])
    refund_event(order, "100.00", by_hand=True)
    assert platform("refunds_payable") == Decimal("100.00")
    assert platform("buyer_clearing") == -order.total
    assert balances(vendor).pending + platform("commission_income") == Decimal("925.00")


def test_a_refund_for_a_shipment_named_the_orders_way_and_a_cod_parcel_cancelled_before_delivery():
    a, b = approved_vendor(shop_name="A"), approved_vendor(shop_name="B")
    order = paid_order(customer(), [buyable(a, price="200.00"), buyable(b, price="400.00")])
    refund_event(order, "225.00", shipment=Shipment.objects.get(order=order, vendor=a).pk)
    assert balances(a).total == Z
    assert balances(b).pending == Decimal("365.00")
    cod = place_order(customer(), [buyable(a, price="300.00", title="Eșarfă"), buyable(b, price="100.00", title="Curea")])
    Shipment.objects.filter(order=cod, vendor=b).update(cancelled_at=timezone.now())
    walk(cod, "awb_generated", "shipped", "delivered")
    assert balances(a).pending == Decimal("280.00")  # 255 + 25
    assert balances(b).pending == Decimal("365.00")  # nothing for the cancelled parcel


def test_release_happens_when_the_return_window_closes_not_a_second_before():
    # Given a paid order delivered now: its return window ends return_days later
    vendor = approved_vendor()
    order = walk(paid_order(customer(), [buyable(vendor, price="1000.00")]), "awb_generated", "shipped", "delivered")
    ends = Shipment.objects.get(order=order).return_window_ends
    # When the completion job runs one second before the window closes, the money stays in escrow
    assert orders_complete_due(now=ends - timedelta(seconds=1)) == 0
    assert (balances(vendor).pending, balances(vendor).available) == (Decimal("875.00"), Z)
    # Then at the closing instant the order completes and the vendor's share becomes available, once
    assert orders_complete_due(now=ends) == 1
    assert orders_complete_due(now=ends + timedelta(days=1)) == 0
    assert (balances(vendor).pending, balances(vendor).available) == (Z, Decimal("875.00"))
