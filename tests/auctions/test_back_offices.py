"""Auctions in the staff and vendor back offices: live list, bid history, close/cancel with permissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.auctions.models import Auction
from marketplace.auctions.services import auction_place_bid
from tests.factories import UserFactory, approved_vendor, live_auction, login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_staff_list_shows_live_status_in_constant_queries(client, auction, ana):
    auction_place_bid(auction=auction, user=ana, amount="500")
    login_with_second_factor(client, shop_manager())
    url = reverse("admin:auctions_auction_changelist")
    page = client.get(url)
    assert page.status_code == 200 and list(page.context["cl"].result_list) == [auction]
    few = count(client, url)
    vendor = approved_vendor()
    for n in range(10):
        auction_place_bid(auction=live_auction(vendor, title=f"Lot {n}"), user=ana, amount="200")
    assert count(client, url) == few


def test_staff_see_the_full_bid_history(client, auction, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="500")
    auction_place_bid(auction=auction, user=mihai, amount="300")
    login_with_second_factor(client, shop_manager())
    page = client.get(reverse("admin:auctions_auction_change", args=[auction.pk])).content.decode()
    assert ana.email in page and mihai.email in page and "500,00" in page and "310,00" in page


def test_staff_with_permission_close_and_cancel(client, auction, ana):
    auction_place_bid(auction=auction, user=ana, amount="500")
    login_with_second_factor(client, shop_manager())
    response = client.post(reverse("admin:auctions_auction_close_now", args=[auction.pk]))
    assert response.status_code == 302
    auction.refresh_from_db()
    assert (auction.status, auction.result, auction.winner) == ("ended", "sold", ana)

    other = live_auction(title="De anulat")
    url = reverse("admin:auctions_auction_cancel_auction", args=[other.pk])
    client.post(url, {"_form_submitted": "on", "reason": "Vânzătorul a retras piesa."})
    other.refresh_from_db()
    assert other.status == "cancelled" and other.cancel_reason == "Vânzătorul a retras piesa."


def test_without_the_permission_staff_cannot_close(client, auction):
    agent = UserFactory(roles=["support-agent"], is_staff=True)
    login_with_second_factor(client, agent)
    assert client.get(reverse("admin:auctions_auction_changelist")).status_code == 200
    response = client.post(reverse("admin:auctions_auction_close_now", args=[auction.pk]))
    assert response.status_code == 403
    assert Auction.objects.get(pk=auction.pk).status == "live"


def test_vendor_sees_own_auctions_with_bidders_anonymised(client, auction, vendor, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="500")
    auction_place_bid(auction=auction, user=mihai, amount="300")
    theirs = live_auction(title="Lotul altui vânzător")
    login_with_second_factor(client, vendor.user)
    listing = client.get(reverse("vendors:auctions_auction_changelist"))
    assert list(listing.context["cl"].result_list) == [auction]
    page = client.get(reverse("vendors:auctions_auction_change", args=[auction.pk])).content.decode()
    assert "310,00" in page and ana.email not in page and mihai.email not in page
    assert "500,00" not in page  # a bidder's secret maximum is not the vendor's to see
    assert client.get(reverse("vendors:auctions_auction_change", args=[theirs.pk])).status_code == 302
