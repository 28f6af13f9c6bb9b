"""The winner's order (through the orders services), idempotent closing, and unpaid lots moving on."""

import threading
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from marketplace.administration.services import platform_settings_update
from marketplace.auctions.models import Auction, AuctionOrder
from marketplace.auctions.services import auction_cancel, auction_close, auction_place_bid, auction_set_unpaid_action
from marketplace.auctions.tasks import check_auctions
from marketplace.orders.models import Order
from marketplace.orders.services import order_checkout_complete, order_mark_bank_transfer_paid
from tests.auctions.conftest import time_up
from tests.factories import approved_vendor, checkout_details, customer, live_auction, shop_manager

pytestmark = pytest.mark.django_db


def sold(auction, *bids):
    for user, amount in bids:
        auction_place_bid(auction=auction, user=user, amount=amount)
    return auction_close(auction=time_up(auction))


def past_deadline(sale):
    Order.objects.filter(pk=sale.order_id).update(pay_by=timezone.now() - timedelta(minutes=1))


def test_the_winner_gets_one_order_at_the_hammer_price_to_pay_within_the_deadline(auction, ana, mihai):
    platform_settings_update(actor=None, auction_payment_hours=24)
    closed = sold(auction, (ana, "500"), (mihai, "300"))
    sale = AuctionOrder.objects.get(auction=closed)
    order = sale.order
    assert (sale.buyer, sale.price, sale.attempt, sale.outcome) == (ana, D("310.00"), 1, "awaiting")
    assert (order.buyer, order.total, order.status, order.source) == (ana, D("310.00"), "pending_payment", "auction")
    assert [item.product_id for item in order.items.all()] == [auction.product_id]
    assert abs(order.pay_by - (timezone.now() + timedelta(hours=24))) < timedelta(minutes=1)
    assert closed.events.filter(kind="order_created").get().data["order"] == order.number


def test_closing_twice_makes_one_order(auction, ana):
    sold(auction, (ana, "500"))
    auction_close(auction=auction)
    check_auctions()
    assert Order.objects.filter(buyer=ana).count() == 1 and AuctionOrder.objects.count() == 1


def test_no_order_without_a_sale(vendor, ana):
    auction = live_auction(vendor, reserve_price="1000.00")
    sold(auction, (ana, "900"))
    assert not Order.objects.exists()


def test_an_unpaid_winner_loses_the_lot_to_the_next_bidder_at_their_maximum(
    auction, ana, mihai, ioana, django_capture_on_commit_callbacks
):
    sold(auction, (mihai, "300"), (ioana, "250"), (ana, "500"))
    first = AuctionOrder.objects.get()
    assert first.price == D("310.00")
    mail.outbox.clear()
    past_deadline(first)
    with django_capture_on_commit_callbacks(execute=True):
        report = check_auctions()
    assert report["orders"] == {"offered": 1}
    first.refresh_from_db()
    assert first.outcome == "lapsed" and first.order.status == "cancelled"
    second = AuctionOrder.objects.get(attempt=2)
    assert (second.buyer, second.price, second.order.total, second.outcome) == (mihai, D("300.00"), D("300.00"), "awaiting")
    auction.refresh_from_db()
    assert (auction.winner, auction.winning_price, auction.result) == (mihai, D("300.00"), "sold")
    assert mihai.email in {m.to[0] for m in mail.outbox if auction.product.title in m.subject}
    assert list(auction.events.values_list("kind", flat=True))[-3:] == ["unpaid", "order_created", "offered_next"]


def test_when_nobody_pays_the_auction_ends_unpaid_by_default(auction, ana, mihai):
    sold(auction, (ana, "500"), (mihai, "300"))
    past_deadline(AuctionOrder.objects.get(attempt=1))
    check_auctions()
    past_deadline(AuctionOrder.objects.get(attempt=2))
    assert check_auctions()["orders"] == {"ended": 1}
    auction.refresh_from_db()
    assert (auction.status, auction.result, auction.winner) == ("ended", "unpaid", None)
    assert Order.objects.filter(status="cancelled").count() == 2


def test_staff_may_choose_to_relist_an_unpaid_lot(auction, ana):
    auction_set_unpaid_action(auction=auction, actor=shop_manager(), action="relist")
    sold(auction, (ana, "500"))
    past_deadline(AuctionOrder.objects.get())
    assert check_auctions()["orders"] == {"relisted": 1}
    auction.refresh_from_db()
    assert (auction.status, auction.round, auction.bids_count, auction.current_price) == ("live", 2, 0, D("100.00"))
    assert auction.bids.count() == 1  # the first round's bid is kept
    assert auction.end_time > timezone.now()


def test_a_next_bidder_below_the_reserve_is_not_offered_the_lot(vendor, ana, mihai):
    auction = live_auction(vendor, reserve_price="400.00")
    sold(auction, (mihai, "350"), (ana, "500"))
    assert AuctionOrder.objects.get().price == D("400.00")
    past_deadline(AuctionOrder.objects.get())
    assert check_auctions()["orders"] == {"ended": 1}


def test_a_paid_order_is_the_end_of_it_and_the_auction_can_no_longer_be_cancelled(auction, vendor, ana):
    sold(auction, (ana, "500"))
    sale = AuctionOrder.objects.get()
    order_checkout_complete(order=sale.order, buyer=ana, details=checkout_details([vendor], payment_method="bank_transfer"))
    order_mark_bank_transfer_paid(order=Order.objects.get(pk=sale.order_id), actor=shop_manager(), bank_reference="OP 123")
    assert check_auctions()["orders"] == {"taken": 1}
    sale.refresh_from_db()
    assert sale.outcome == "taken"
    with pytest.raises(ValidationError):
        auction_cancel(auction=auction, actor=shop_manager(), reason="Prea târziu")
    assert check_auctions()["orders"] == {}


def test_cancelling_a_sold_auction_cancels_its_unpaid_order(auction, ana):
    sold(auction, (ana, "500"))
    auction_cancel(auction=auction, actor=shop_manager(), reason="Piesă neconformă")
    sale = AuctionOrder.objects.get()
    assert sale.outcome == "lapsed" and sale.order.status == "cancelled"
    assert Auction.objects.get(pk=auction.pk).status == "cancelled"


def test_an_order_cancelled_by_the_orders_job_also_moves_the_lot_on(auction, ana, mihai):
    from marketplace.orders.tasks import expire_unpaid_orders

    sold(auction, (ana, "500"), (mihai, "300"))
    past_deadline(AuctionOrder.objects.get())
    expire_unpaid_orders()
    assert check_auctions()["orders"] == {"offered": 1}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL)")
def test_two_workers_closing_at_once_make_one_order():
    auction = live_auction(approved_vendor())
    auction_place_bid(auction=auction, user=customer(), amount="500")
    time_up(auction)
    gate, results, errors = threading.Barrier(2), [], []

    def close():
        try:
            gate.wait()
            results.append(auction_close(auction=auction.pk).result)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == ["sold", "sold"]
    assert Order.objects.count() == 1 and AuctionOrder.objects.count() == 1
    assert Auction.objects.get(pk=auction.pk).events.filter(kind="ended").count() == 1


def test_a_winner_paying_cash_on_delivery_is_not_timed_out(auction, vendor, ana, mihai):
    sold(auction, (ana, "500"), (mihai, "300"))
    sale = AuctionOrder.objects.get()
    order_checkout_complete(order=sale.order, buyer=ana, details=checkout_details([vendor], payment_method="cod"))
    assert Order.objects.get(pk=sale.order_id).pay_by is None  # confirmed, paid to the courier
    assert check_auctions()["orders"] == {}
    sale.refresh_from_db()
    assert sale.outcome == "awaiting" and not AuctionOrder.objects.filter(attempt=2).exists()
