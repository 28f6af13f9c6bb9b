"""Auctions through the storefront API: list, detail, status (polling) and bids."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.auctions.models import Bid
from tests.factories import customer, live_auction

pytestmark = pytest.mark.django_db
API = "/pwa/api/auctions"


def test_list_detail_and_status_of_a_live_auction(client, vendor):
    auction = live_auction(vendor, title="Kelly 28 la licitație")
    [card] = client.get(f"{API}/").json()
    assert card["id"] == auction.pk and card["price"] == str(auction.current_price)
    detail = client.get(f"{API}/{auction.pk}").json()
    assert detail["status"]["is_open"] is True and detail["websocket"] == f"/ws/auctions/{auction.pk}/"
    assert client.get(f"{API}/{auction.pk}/status").json()["minimum_bid"] == detail["status"]["minimum_bid"]
    assert client.get(f"{API}/999999").status_code == 404
    assert client.get(f"{API}/999999/status").json()["code"] == "not_found"


def test_bids_need_a_session_and_the_outbid_bidder_sees_the_new_price(client, vendor):
    auction = live_auction(vendor)
    ana, mihai = customer(), customer()
    assert client.post(f"{API}/{auction.pk}/bids", {"amount": "100"}, content_type="application/json").status_code == 401
    client.force_login(ana)
    response = client.post(f"{API}/{auction.pk}/bids", {"amount": "200"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["outcome"] == "leading"
    client.force_login(mihai)
    response = client.post(f"{API}/{auction.pk}/bids", {"amount": "500"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["leader_is_me"] is True
    client.force_login(ana)
    status = client.get(f"{API}/{auction.pk}/status").json()
    assert status["leader_is_me"] is False and status["price"] == response.json()["price"]


def test_refused_bids_change_nothing_and_say_why(client, vendor):
    auction = live_auction(vendor)
    client.force_login(customer())
    response = client.post(f"{API}/{auction.pk}/bids", {"amount": "abc"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"]
    response = client.post(f"{API}/{auction.pk}/bids", {"amount": "1"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "below_minimum"
    client.force_login(vendor.user)
    assert client.post(f"{API}/{auction.pk}/bids", {"amount": "900"}, content_type="application/json").status_code == 403
    assert client.post(f"{API}/{auction.pk}/bids", {}, content_type="application/json").status_code == 422
    assert not Bid.objects.exists()


def test_auction_list_costs_the_same_queries_for_5_and_for_40(client, vendor):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{API}/", {"limit": 48}).status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        live_auction(vendor, title=f"A{n}")
    five = count()
    for n in range(35):
        live_auction(vendor, title=f"B{n}")
    assert len(client.get(f"{API}/", {"limit": 48}).json()) == 40
    assert count() == five
