"""Every event the issue lists reaches the person through notify(), from the context that owns it:
an order paid, its parcel's AWB, shipped, out for delivery, delivered, each return step, refunds, a payout
paid, outbid / won / ending soon, a new message, a ticket reply, a listing validated or rejected, a price drop.

Each test drives the real service (jobs run at commit, as django-q2 does in production) and checks what the
person would see: the inbox row, in Romanian, and the e-mail when the kind sends one.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from marketplace.auctions.services import auction_place_bid
from marketplace.auctions.tasks import notify_auction_closed, notify_auctions_ending_soon
from marketplace.chat.services import conversation_start, message_send
from marketplace.common.money import format_money
from marketplace.customers import services as wishlist
from marketplace.customers import tasks as wishlist_tasks
from marketplace.notifications.models import Notification
from marketplace.orders.returns import ReturnDetails, return_request_create
from marketplace.orders.services import order_cancel, order_mark_bank_transfer_paid, order_transition
from marketplace.products.models import StoreProduct
from marketplace.products.services import product_reject
from marketplace.products.tasks import notify_listing_reviewed
from marketplace.shipping.models import Consignment
from marketplace.shipping.services import awb_generate, awb_generated_notify, out_for_delivery_notify
from marketplace.support.services import ticket_create, ticket_reply, ticket_take
from marketplace.wallet.ledger import ledger_post, platform_account, vendor_accounts
from marketplace.wallet.models import AccountKind
from marketplace.wallet.payouts import payout_request
from marketplace.wallet.tasks import notify_payout
from tests.factories import approved_vendor, buyable, customer, live_auction, shop_manager, store_product
from tests.orders.helpers import place_order
from tests.support.helpers import agent

pytestmark = pytest.mark.django_db


def ro(user):
    user.profile.language = "ro"
    user.profile.save()
    return user


def last(user, kind):
    return Notification.objects.filter(user=user, kind=kind).order_by("-pk").first()


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def paid_order(django_capture_on_commit_callbacks):
    vendor = approved_vendor(shop_name="Maison Ana")
    buyer = ro(customer())
    order = place_order(buyer, [buyable(vendor, price="1000.00", title="Geantă Kelly 28")], payment_method="bank_transfer")
    with django_capture_on_commit_callbacks(execute=True):
        order = order_mark_bank_transfer_paid(order=order, actor=shop_manager(), bank_reference="OP 1")
    return order


def test_order_paid(paid_order):
    row = last(paid_order.buyer, "order")
    assert row.title == f"Comanda {paid_order.number} este plătită" and "Am primit plata" in row.body
    assert any(m.subject == row.title for m in mails_to(paid_order.buyer))


def test_awb_generated_tells_the_buyer_once_with_the_tracking(paid_order, django_capture_on_commit_callbacks):
    shipment = paid_order.shipments.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        awb_generate(shipment=shipment, actor=shipment.vendor.user)
    consignment = Consignment.objects.get(shipment=shipment)
    row = last(paid_order.buyer, "shipment")
    assert row.title == f"Comanda {paid_order.number}: coletul are AWB"
    assert row.body.startswith("Maison Ana v-a pregătit coletul: AWB " + consignment.awb_number)
    [message] = mails_to(paid_order.buyer)
    assert consignment.awb_number in message.body and "List-Unsubscribe" not in message.extra_headers
    assert awb_generated_notify(consignment_id=consignment.pk) is False  # a replayed job tells nobody twice
    assert Notification.objects.filter(user=paid_order.buyer, kind="shipment").count() == 1


def test_shipped_out_for_delivery_and_delivered(paid_order, django_capture_on_commit_callbacks):
    shipment = paid_order.shipments.get()
    with django_capture_on_commit_callbacks(execute=True):
        awb_generate(shipment=shipment, actor=shipment.vendor.user)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=paid_order, to_status="shipped", actor=None)
    assert last(paid_order.buyer, "order").title == f"Comanda {paid_order.number} este pe drum"
    consignment = Consignment.objects.get(shipment=shipment)
    Consignment.objects.filter(pk=consignment.pk).update(status=Consignment.Status.OUT_FOR_DELIVERY)
    assert out_for_delivery_notify(consignment_id=consignment.pk)
    assert last(paid_order.buyer, "shipment").title == "Coletul dumneavoastră este în livrare astăzi"
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=paid_order, to_status="delivered", actor=None)
    assert last(paid_order.buyer, "order").title == f"Comanda {paid_order.number} a fost livrată"


def test_a_return_step_tells_buyer_and_shop(paid_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=paid_order, to_status="awb_generated", actor=None)
        order_transition(order=paid_order, to_status="shipped", actor=None)
        order_transition(order=paid_order, to_status="delivered", actor=None)
    item = paid_order.items.get()
    details = ReturnDetails(items={item.pk: 1}, reason="not_as_described", photos=())
    with django_capture_on_commit_callbacks(execute=True):
        return_request_create(order=paid_order, shipment_id=item.shipment_id, buyer=paid_order.buyer, details=details)
    assert "Am trimis cererea dumneavoastră de retur magazinului" in last(paid_order.buyer, "return").body
    assert last(paid_order.shipments.get().vendor.user, "return") is not None


def test_a_refund_says_how_much_and_how_it_comes_back(paid_order, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=paid_order, actor=shop_manager(), reason="Piesa s-a deteriorat.")
    rows = Notification.objects.filter(user=paid_order.buyer, kind="order").order_by("-pk")
    refund = next(row for row in rows if "rambursați" in row.title)
    total = format_money(paid_order.total, unit=False)
    assert refund.title == f"Comanda {paid_order.number}: {total} lei rambursați"
    assert refund.body == f"{total} lei vă vor fi returnați prin transfer bancar."
    assert any("transfer bancar" in m.body for m in mails_to(paid_order.buyer))


def test_payout_paid_by_inbox_and_email():
    vendor = approved_vendor()
    ro(vendor.user)
    accounts = vendor_accounts(vendor)
    ledger_post(key="fund", kind="release", vendor=vendor, lines=[
        (platform_account(AccountKind.BUYER_CLEARING), -Decimal("500")), (accounts[AccountKind.VENDOR_AVAILABLE], Decimal("500")),
    ])
    payout = payout_request(vendor=vendor, actor=vendor.user, amount="400")
    mail.outbox.clear()
    assert notify_payout(payout.pk, "paid") == 1
    row = last(vendor.user, "wallet")
    assert row is not None and mails_to(vendor.user)[0].subject == row.title


def test_outbid_and_won(django_capture_on_commit_callbacks):
    auction = live_auction()
    first, second = ro(customer()), ro(customer())
    with django_capture_on_commit_callbacks(execute=True):
        auction_place_bid(auction=auction, user=first, amount="150")
    with django_capture_on_commit_callbacks(execute=True):
        auction_place_bid(auction=auction, user=second, amount="300")
    outbid = last(first, "outbid")
    assert outbid is not None and "300" not in outbid.body  # the price, never the leader's maximum
    auction.refresh_from_db()
    auction.status, auction.result, auction.winner = "ended", "sold", second
    auction.save()
    assert notify_auction_closed(auction.pk) == 2 and last(second, "auction_won") is not None


def test_watchers_hear_an_auction_ends_within_the_hour_once(django_capture_on_commit_callbacks):
    auction = live_auction()
    fan, bidder, stranger = ro(customer()), ro(customer()), ro(customer())
    wishlist.favorite_toggle(user=fan, product=auction.product)
    with django_capture_on_commit_callbacks(execute=True):
        auction_place_bid(auction=auction, user=bidder, amount="150")
    auction.refresh_from_db()
    end = auction.end_time
    with time_machine.travel(end - timedelta(hours=2), tick=False):
        assert notify_auctions_ending_soon() == 0  # two hours left: nobody yet
    with time_machine.travel(end - timedelta(minutes=55), tick=False):
        assert notify_auctions_ending_soon() == 2
        assert notify_auctions_ending_soon() == 0  # the next sweep does not repeat it
    for user in (fan, bidder):
        row = last(user, "auction_ending")
        assert row.title.startswith("Mai puțin de o oră: ") and "prețul este 100,00 lei" in row.body
    local_end = timezone.localtime(end).strftime("%H:%M")
    assert local_end in last(fan, "auction_ending").body
    assert not Notification.objects.filter(user=stranger).exists()
    assert not Notification.objects.filter(user=auction.vendor.user, kind="auction_ending").exists()


def test_a_new_message_reaches_the_shop(django_capture_on_commit_callbacks):
    vendor = approved_vendor()
    buyer = customer()
    piece = buyable(vendor)
    conversation = conversation_start(buyer=buyer, product=piece)
    with django_capture_on_commit_callbacks(execute=True):
        message_send(conversation=conversation, sender=buyer, text="Are cutia originală?")
    assert last(vendor.user, "message") is not None


def test_a_ticket_reply_reaches_the_requester(django_capture_on_commit_callbacks):
    requester = ro(customer())
    ticket = ticket_create(requester=requester, subject="Factură", body="Am nevoie de factură pe firmă.")
    helper = agent()
    ticket_take(ticket=ticket, agent=helper)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=helper, body="V-am trimis factura.")
    row = last(requester, "ticket")
    assert row is not None
    assert any("V-am trimis factura." in m.body for m in mails_to(requester))


@pytest.mark.parametrize("accept", [True, False])
def test_a_listing_validated_or_rejected_tells_the_shop(accept, django_capture_on_commit_callbacks):
    vendor = approved_vendor()
    ro(vendor.user)
    product = store_product(vendor, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        if accept:  # validating needs photos: the listing is validated as the review does, and its job runs
            StoreProduct.objects.filter(pk=product.pk).update(status="validated")
            notify_listing_reviewed(product.pk)
        else:
            product_reject(product=product, actor=shop_manager(), reason="Poze neclare.")
    row = last(vendor.user, "listing_reviewed")
    assert row is not None and row.title == mails_to(vendor.user)[-1].subject
    assert ("Poze neclare." in row.body) is (not accept)


def test_a_price_drop_on_the_wishlist(django_capture_on_commit_callbacks):
    buyer = ro(customer())
    product = buyable(approved_vendor(), price="1000.00")
    wishlist.wishlist_add(user=buyer, product=product)
    StoreProduct.objects.filter(pk=product.pk).update(price=Decimal("800.00"))
    wishlist_tasks.wishlist_price_drop_alert(buyer.wishlist_items.get().pk)
    assert last(buyer, "price_drop").body == "Acum 800,00 lei (era 1.000,00 lei)."
