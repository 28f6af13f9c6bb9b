"""The seed's doors: auction_list, auction_detail, place_bid, auction_status (JSON for polling)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.auctions.models import Auction
from marketplace.auctions.services import auction_place_bid
from marketplace.products.models import Product
from tests.factories import auction_product, live_auction

pytestmark = pytest.mark.django_db


def post_bid(client, auction, amount, *, as_json=True):
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return client.post(reverse("place_bid", args=[auction.pk]), {"amount": amount}, **headers)


def test_seed_url_names_live_under_auctions():
    assert reverse("auction_list") == "/auctions/"
    assert reverse("auction_detail", args=[7]) == "/auctions/7/"
    assert reverse("place_bid", args=[7]) == "/auctions/7/bid/"
    assert reverse("auction_status", args=[7]) == "/auctions/7/status/"


def test_list_shows_open_auctions_only_in_constant_queries(client, vendor):
    open_one = live_auction(vendor, title="Geantă deschisă")
    auction_product(vendor, title="Încă în ciornă", status="draft")
    hidden = live_auction(vendor, title="Retrasă la verificare")
    Product.objects.filter(pk=hidden.product_id).update(status="pending")
    page = client.get(reverse("auction_list"))
    assert page.status_code == 200
    assert list(page.context["auctions"]) == [open_one]

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("auction_list")).status_code == 200
        return len(ctx)

    few = queries()
    for n in range(12):
        live_auction(vendor, title=f"Lot {n}")
    assert queries() == few
    assert len(client.get(reverse("auction_list")).context["auctions"]) == 13
    for n in range(12):
        live_auction(vendor, title=f"Lot suplimentar {n}")
    second = client.get(reverse("auction_list"), {"page": 2})
    assert len(second.context["auctions"]) == 1 and second.context["page"].number == 2


def test_detail_page_shows_price_and_a_bid_form_to_a_signed_in_buyer(client, auction, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="500")
    auction_place_bid(auction=auction, user=mihai, amount="300")
    client.force_login(mihai)
    page = client.get(reverse("auction_detail", args=[auction.pk])).content.decode()
    assert "310,00 lei" in page and 'name="amount"' in page
    assert ana.email not in page and "500.00" not in page and "500,00" not in page  # bidders and maximums stay private


def test_status_json_for_polling(client, auction, ana):
    auction_place_bid(auction=auction, user=ana, amount="500")
    anonymous = client.get(reverse("auction_status", args=[auction.pk]))
    assert anonymous.status_code == 200 and anonymous["Cache-Control"] == "no-store"
    data = anonymous.json()
    assert data["price"] == "100.00" and data["bids_count"] == 1 and data["leader_is_me"] is False
    assert data["end_time"] == auction.end_time.isoformat() and data["reserve_met"] is True
    client.force_login(ana)
    assert client.get(reverse("auction_status", args=[auction.pk])).json()["leader_is_me"] is True
    missing = client.get(reverse("auction_status", args=[999999]))
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_polling_costs_one_query_once_settings_are_cached(client, auction, django_assert_max_num_queries):
    client.get(reverse("auction_status", args=[auction.pk]))  # platform settings: read once, then cached
    with django_assert_max_num_queries(1):
        assert client.get(reverse("auction_status", args=[auction.pk])).status_code == 200


def test_place_bid_json_answers_with_the_outcome_and_status(client, auction, ana, mihai):
    auction_place_bid(auction=auction, user=ana, amount="500")
    client.force_login(mihai)
    response = post_bid(client, auction, "300")
    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == "outbid" and body["price"] == "310.00" and body["leader_is_me"] is False


def test_place_bid_accepts_a_json_body(client, auction, ana):
    client.force_login(ana)
    response = client.post(
        reverse("place_bid", args=[auction.pk]), data=json.dumps({"amount": "250"}), content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["leader_is_me"] is True


@pytest.mark.parametrize(
    ("who", "amount", "status", "code"),
    [("mihai", "abc", 400, "invalid_amount"), ("mihai", "50", 409, "below_minimum"), ("owner", "500", 403, "own_lot"),
     (None, "500", 401, "login_required")],
)
def test_refusals_come_back_as_code_message_fields_and_change_nothing(client, auction, vendor, mihai, who, amount, status, code):
    user = {"mihai": mihai, "owner": vendor.user, None: None}[who]
    if user is not None:
        client.force_login(user)
    response = post_bid(client, auction, amount)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code and body["message"] and isinstance(body["fields"], dict)
    if code == "invalid_amount":
        assert "amount" in body["fields"]
    assert Auction.objects.get(pk=auction.pk).bids_count == 0


def test_form_post_redirects_back_with_a_message(client, auction, ana):
    client.force_login(ana)
    response = post_bid(client, auction, "150", as_json=False)
    assert response.status_code == 302 and response["Location"] == reverse("auction_detail", args=[auction.pk])
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["success"]


def test_anonymous_form_post_is_sent_to_sign_in(client, auction):
    response = post_bid(client, auction, "150", as_json=False)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_bidding_needs_post(client, auction, ana):
    client.force_login(ana)
    assert client.get(reverse("place_bid", args=[auction.pk])).status_code == 405
