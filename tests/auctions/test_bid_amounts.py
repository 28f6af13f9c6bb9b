"""Bids are read in plain decimal notation only, on the page and in the API: odd numbers are refused, not guessed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.auctions.models import Auction
from marketplace.auctions.services import auction_place_bid

pytestmark = pytest.mark.django_db
ODD = ["١٢٣٤٥", "۱۲۳۴۵", "1e3", "8.05e3", "1E4", "Infinity", "1,234", "12.345.6"]
PLAIN = [("1.234,50", "1234.50"), ("1234.50", "1234.50"), ("1234,50", "1234.50"), ("1234", "1234.00")]


@pytest.mark.parametrize("amount", ODD)
def test_odd_numbers_are_refused_on_the_page_and_in_the_api(client, auction, ana, amount):
    client.force_login(ana)
    page = client.post(reverse("place_bid", args=[auction.pk]), {"amount": amount}, HTTP_ACCEPT="application/json")
    api = client.post(f"/pwa/api/auctions/{auction.pk}/bids", {"amount": amount}, content_type="application/json")
    for response in (page, api):
        assert response.status_code == 400, (amount, response.status_code)
        body = response.json()
        assert body["code"] == "invalid_amount" and "amount" in body["fields"]
    auction = Auction.objects.get(pk=auction.pk)
    assert auction.bids_count == 0 and auction.leader_max is None


@pytest.mark.parametrize(("amount", "maximum"), PLAIN)
def test_plain_and_romanian_amounts_are_read_as_written(auction, ana, amount, maximum):
    auction_place_bid(auction=auction, user=ana, amount=amount)
    assert Auction.objects.get(pk=auction.pk).leader_max == Decimal(maximum)


def test_a_romanian_amount_through_the_api(client, auction, ana):
    client.force_login(ana)
    response = client.post(f"/pwa/api/auctions/{auction.pk}/bids", {"amount": "1.500,00"}, content_type="application/json")
    assert response.status_code == 201
    assert Auction.objects.get(pk=auction.pk).leader_max == Decimal("1500.00")
