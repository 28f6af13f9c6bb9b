"""GraphQL at /api/graphql/: the catalogue in constant queries, the buyer's own data, mutations through the
services, the same authentication as REST, limits on depth and size, no introspection without DEBUG."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from marketplace.customers.models import Favorite
from marketplace.products.models import ProductImage
from tests.factories import approved_vendor, buyable, customer, live_auction

from .conftest import bearer

pytestmark = pytest.mark.django_db

CATALOGUE = """
query ($first: Int) {
  catalogue(first: $first, sort: NEWEST) {
    nextCursor
    items { id title brand price category vendor { id name } image { alt } images { alt } }
  }
}"""


def gql(client, query, variables=None):
    response = client.post("/api/graphql/", {"query": query, "variables": variables or {}}, format="json")
    return response.status_code, response.json()


def pieces(n, vendors):
    for i in range(n):
        piece = buyable(vendors[i % len(vendors)], title=f"Geantă {i}")
        ProductImage.objects.create(product=piece, alt_text=f"poza {i}", is_primary=True, position=0, renditions={"card": f"x/{i}.webp"})
        ProductImage.objects.create(product=piece, alt_text=f"detaliu {i}", position=1, renditions={"card": f"y/{i}.webp"})


def test_fifty_products_with_shop_photos_category_and_brand_cost_the_same_queries_as_three():
    vendors = [approved_vendor() for _ in range(4)]
    client = APIClient()
    pieces(3, vendors)
    with CaptureQueriesContext(connection) as few:
        status, body = gql(client, CATALOGUE, {"first": 48})
    assert status == 200 and "errors" not in body and len(body["data"]["catalogue"]["items"]) == 3
    pieces(47, vendors)
    with CaptureQueriesContext(connection) as many:
        status, body = gql(client, CATALOGUE, {"first": 48})
    items = body["data"]["catalogue"]["items"]
    assert len(items) == 48 and body["data"]["catalogue"]["nextCursor"]
    assert len(items[0]["images"]) == 2 and items[0]["vendor"]["name"]
    assert len(many) == len(few) <= 6
    status, rest = gql(client, CATALOGUE.replace("$first: Int", "$first: Int, $after: String").replace(
        "catalogue(first: $first", "catalogue(first: $first, after: $after"), {"first": 48, "after": body["data"]["catalogue"]["nextCursor"]})
    assert len(rest["data"]["catalogue"]["items"]) == 2


def test_my_data_needs_a_sign_in_and_is_only_mine():
    vendor = approved_vendor()
    a, b = customer(), customer()
    piece = buyable(vendor)
    anonymous = APIClient()
    status, body = gql(anonymous, "{ myCart { count } }")
    assert body["errors"][0]["extensions"]["code"] == "not_authenticated"
    status, body = gql(bearer(a), 'mutation ($id: ID!) { addCartLine(productId: $id) { count itemsTotal } }', {"id": piece.pk})
    assert body["data"]["addCartLine"] == {"count": 1, "itemsTotal": "1200.00"}
    assert gql(bearer(b), "{ myCart { count } }")[1]["data"]["myCart"]["count"] == 0
    status, body = gql(bearer(a), 'mutation ($id: ID!) { toggleFavourite(productId: $id) { isFavourite } }', {"id": piece.pk})
    assert body["data"]["toggleFavourite"]["isFavourite"] is True and Favorite.objects.filter(user=a).count() == 1
    assert [p["id"] for p in gql(bearer(a), "{ myFavourites { id } }")[1]["data"]["myFavourites"]] == [str(piece.pk)]
    assert gql(bearer(b), "{ myFavourites { id } }")[1]["data"]["myFavourites"] == []


def test_checkout_and_bids_refuse_with_the_error_tables_codes():
    vendor = approved_vendor()
    buyer = customer()
    client = bearer(buyer)
    piece = buyable(vendor, price="900.00")
    gql(client, 'mutation ($id: ID!) { addCartLine(productId: $id) { count } }', {"id": piece.pk})
    checkout = """mutation ($input: CheckoutInput!) { checkout(input: $input) { number total shipments { items { title } } } }"""
    values = {
        "shippingName": "Ana Popescu", "shippingPhone": "+40722123456", "shippingAddress": "Str. Ștefan cel Mare 10",
        "shippingCity": "București", "shippingCounty": "București", "shippingPostalCode": "010101",
        "paymentMethod": "cod", "termsAccepted": True, "deliveries": [{"vendorId": vendor.pk, "method": "courier"}],
    }
    status, body = gql(client, checkout, {"input": values})
    assert "errors" not in body, body
    assert body["data"]["checkout"]["total"].startswith("9") and body["data"]["checkout"]["shipments"][0]["items"]
    auction = live_auction()
    status, body = gql(client, 'mutation ($id: ID!) { placeBid(auctionId: $id, amount: "1") { outcome } }', {"id": auction.pk})
    assert body["errors"][0]["extensions"]["code"] == "below_minimum"
    status, body = gql(client, 'mutation ($id: ID!) { placeBid(auctionId: $id, amount: "500") { outcome leaderIsMe } }', {"id": auction.pk})
    assert body["data"]["placeBid"]["leaderIsMe"] is True


def test_a_session_needs_its_csrf_token_and_a_bad_token_is_a_401():
    buyer = customer()
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(buyer)
    assert browser.post("/api/graphql/", {"query": "{ myCart { count } }"}, format="json").status_code == 403
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Bearer snb_forged")
    assert forged.post("/api/graphql/", {"query": "{ myCart { count } }"}, format="json").status_code == 401


def test_introspection_is_off_without_debug_and_deep_or_huge_queries_are_refused():
    client = APIClient()
    status, body = gql(client, "{ __schema { types { name } } }")
    assert "errors" in body and "introspection" in json.dumps(body["errors"]).lower()
    deep = "{ catalogue { items { vendor { id " + "".join(" __typename " for _ in range(2)) + "} } } }"
    assert "errors" not in gql(client, deep)[1]
    fragment = "fragment F on Product { id title brand price currency productType condition size colour description category }"
    wide = "{ " + " ".join(f"c{i}: catalogue {{ items {{ ...F vendor {{ id name }} images {{ alt thumb card full }} }} }}" for i in range(20)) + " } " + fragment
    status, body = gql(client, wide)
    assert "at most 300 are allowed" in body["errors"][0]["message"]
    nested = "{ catalogue { items { vendor { id } } } }"
    for _ in range(7):
        nested = nested.replace("vendor { id }", "vendor { id name }")
    assert "errors" not in gql(client, nested)[1]


def test_a_huge_id_is_not_found_not_a_crash():
    status, body = gql(APIClient(), f'{{ product(id: "{2**70}") {{ id }} }}')
    assert status == 200 and body["errors"][0]["extensions"]["code"] == "not_found"


def test_a_catalogue_page_that_asks_only_for_cards_reads_no_shop_or_extra_photos():
    vendor = approved_vendor()
    pieces(3, [vendor])
    client = APIClient()
    with CaptureQueriesContext(connection) as cards:
        status, body = gql(client, "{ catalogue { items { id title price image { card } } } }")
    assert "errors" not in body and body["data"]["catalogue"]["items"][0]["image"]["card"].endswith(".webp")
    with CaptureQueriesContext(connection) as details:
        gql(client, "{ catalogue { items { id vendor { name } images { card } } } }")
    # Cards join the shop only for its two rating columns (issue 19); the shop itself is read when asked for.
    shop_read = '"vendors_vendorprofile"."shop_name"'
    assert not any(shop_read in q["sql"] for q in cards.captured_queries)
    assert any(shop_read in q["sql"] for q in details.captured_queries)


def test_an_anonymous_catalogue_query_is_cached_until_a_listing_changes(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gql-page"}}
    vendor = approved_vendor()
    pieces(2, [vendor])
    client = APIClient()
    query = "{ catalogue { items { id title } } }"
    first = gql(client, query)[1]
    with CaptureQueriesContext(connection) as again:
        assert gql(client, query)[1] == first
    assert len(again) == 0  # served from the cache
    buyable(vendor, title="Nouă")  # a saved listing makes every cached page stale
    assert len(gql(client, query)[1]["data"]["catalogue"]["items"]) == 3
    signed_in = bearer(customer())
    with CaptureQueriesContext(connection) as mine:
        gql(signed_in, query)
    assert len(mine) > 0  # a signed-in caller is never served from the cache
