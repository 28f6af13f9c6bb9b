"""Every state-changing action of the staff back office acts only on a CSRF-checked POST, after a
confirmation page (issue 11, item 8), and is offered only where it applies (item 3, staff side).

A link followed by a signed-in staff member (a GET) shows the confirmation page and changes nothing.
"""

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.auctions.models import Auction
from marketplace.orders.models import Order
from tests.factories import approved_vendor, buyable, customer, live_auction, login_with_second_factor, shop_manager
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    login_with_second_factor(client, shop_manager())
    return client


@pytest.mark.parametrize(
    "action", ["close_now", "cancel_auction", "relist_when_unpaid", "end_when_unpaid"]
)
def test_a_get_of_an_auction_action_shows_a_confirmation_and_changes_nothing(manager_client, action):
    auction = live_auction()
    before = Auction.objects.filter(pk=auction.pk).values().get()
    response = manager_client.get(reverse(f"admin:auctions_auction_{action}", args=[auction.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'method="post"' in body and "csrfmiddlewaretoken" in body
    assert Auction.objects.filter(pk=auction.pk).values().get() == before


def test_closing_an_auction_needs_the_csrf_token():
    auction = live_auction()
    browser = Client(enforce_csrf_checks=True)
    login_with_second_factor(browser, shop_manager())
    assert browser.post(reverse("admin:auctions_auction_close_now", args=[auction.pk])).status_code == 403
    assert Auction.objects.get(pk=auction.pk).status == Auction.Status.LIVE
    # the confirmation page's own form carries the token, and closes it
    page = browser.get(reverse("admin:auctions_auction_close_now", args=[auction.pk]))
    token = page.context["csrf_token"]
    response = browser.post(reverse("admin:auctions_auction_close_now", args=[auction.pk]), {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert Auction.objects.get(pk=auction.pk).status == Auction.Status.ENDED


def test_close_is_not_offered_on_an_ended_auction(manager_client):
    auction = live_auction()
    close = reverse("admin:auctions_auction_close_now", args=[auction.pk])
    assert close in manager_client.get(reverse("admin:auctions_auction_change", args=[auction.pk])).content.decode()
    manager_client.post(close)
    assert close not in manager_client.get(reverse("admin:auctions_auction_change", args=[auction.pk])).content.decode()
    assert manager_client.get(close).status_code == 403


@pytest.mark.parametrize("action", ["mark_bank_transfer_paid", "cancel_with_refund"])
def test_a_get_of_an_order_action_changes_nothing(manager_client, action):
    order = place_order(customer(), [buyable(approved_vendor())], payment_method="bank_transfer")
    response = manager_client.get(reverse(f"admin:orders_order_{action}", args=[order.pk]))
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT and order.events.filter(to_status__in=["paid", "cancelled"]).count() == 0


def test_mark_paid_is_offered_only_on_a_bank_transfer_awaiting_payment(manager_client):
    bank = place_order(customer(), [buyable(approved_vendor())], payment_method="bank_transfer")
    cod = place_order(customer(), [buyable(approved_vendor())], payment_method="cod")

    def offered(order, action):
        url = reverse(f"admin:orders_order_{action}", args=[order.pk])
        return url in manager_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()

    assert offered(bank, "mark_bank_transfer_paid") and offered(bank, "cancel_with_refund")
    # cash on delivery: never "mark bank transfer paid", and the door refuses it too
    assert not offered(cod, "mark_bank_transfer_paid") and offered(cod, "cancel_with_refund")
    refused = manager_client.post(reverse("admin:orders_order_mark_bank_transfer_paid", args=[cod.pk]), {"bank_reference": "OP 1"})
    assert refused.status_code == 403
    # once paid, not again; once cancelled, neither action
    manager_client.post(reverse("admin:orders_order_mark_bank_transfer_paid", args=[bank.pk]), {"bank_reference": "OP 1"})
    bank.refresh_from_db()
    assert bank.status == Order.Status.PAID
    assert not offered(bank, "mark_bank_transfer_paid") and offered(bank, "cancel_with_refund")
    manager_client.post(reverse("admin:orders_order_cancel_with_refund", args=[bank.pk]), {"reason": "Clientul a renunțat."})
    bank.refresh_from_db()
    assert bank.status == Order.Status.CANCELLED
    assert not offered(bank, "mark_bank_transfer_paid") and not offered(bank, "cancel_with_refund")


def test_the_vendor_sites_pages_that_change_things_do_nothing_on_a_get(client):
    from marketplace.products.models import Product, SKUCode
    from tests.factories import catalogue, store_product

    catalogue()
    vendor = approved_vendor()
    piece = store_product(vendor, status="validated", title="Geantă de păstrat")
    login_with_second_factor(client, vendor.user)
    for url in (
        reverse("product_delete", args=[piece.pk]),
        reverse("submit_to_auction", args=[piece.pk]),
        reverse("sku_generation") + "?all=1",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'method="post"' in response.content.decode(), url
    piece = Product.objects.get(pk=piece.pk)  # not deleted
    assert piece.status == "validated" and piece.kind == "store"  # not sent to auction
    assert not SKUCode.objects.filter(product=piece).exists()
