"""Who may use each endpoint: anonymous, buyer A vs B, vendor A vs B, staff by role."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.administration.roles import SHOP_MANAGER, SUPPORT_AGENT
from marketplace.chat.services import conversation_start, message_send
from marketplace.orders.services import cart_add, cart_get, checkout_place
from marketplace.products.models import Product
from marketplace.support.services import ticket_create
from tests.factories import (
    UserFactory,
    approved_vendor,
    buyable,
    catalogue,
    checkout_details,
    customer,
    live_auction,
    shop_manager,
)

from .conftest import bearer

pytestmark = pytest.mark.django_db


def order_for(buyer, vendor):
    cart = cart_get(user=buyer, create=True)
    cart_add(cart=cart, product_id=buyable(vendor).pk)
    return checkout_place(buyer=buyer, cart=cart, details=checkout_details([vendor]))


def test_the_user_list_is_for_staff_who_may_see_accounts(api):
    buyer = customer()
    assert api.get("/api/users/").status_code == 401
    assert bearer(buyer).get("/api/users/").status_code == 403
    assert bearer(buyer).get(f"/api/users/{buyer.pk}/").status_code == 403  # own data is at users/me
    agent = UserFactory(roles=[SUPPORT_AGENT], is_staff=True)
    listed = bearer(agent).get("/api/users/", {"email": buyer.email})
    assert listed.status_code == 200 and [u["email"] for u in listed.json()["results"]] == [buyer.email]
    assert bearer(agent).get(f"/api/users/{buyer.pk}/").json()["email"] == buyer.email
    assert bearer(agent).get(f"/api/users/{2**63}/").status_code == 404  # a huge id is a 404, never a 500


def test_settings_read_by_who_may_see_them_and_changed_by_who_may_change_them():
    agent = UserFactory(roles=[SUPPORT_AGENT], is_staff=True)
    manager = UserFactory(roles=[SHOP_MANAGER], is_staff=True)
    assert bearer(customer()).get("/api/settings/").status_code == 403
    assert bearer(agent).get("/api/settings/").status_code == 403
    assert bearer(manager).get("/api/settings/").json()["shipping_days"] >= 1
    bad = bearer(manager).patch("/api/settings/", {"shipping_days": -3}, format="json")
    assert bad.status_code == 400 and "shipping_days" in bad.json()["fields"]
    ok = bearer(manager).patch("/api/settings/", {"shipping_days": 4}, format="json")
    assert ok.status_code == 200 and ok.json()["shipping_days"] == 4
    assert bearer(agent).patch("/api/settings/", {"shipping_days": 5}, format="json").status_code == 403


def test_a_vendor_writes_only_their_own_listings_and_a_change_goes_back_to_review():
    cat = catalogue()
    a, b = approved_vendor(), approved_vendor()
    client_a, client_b = bearer(a.user), bearer(b.user)
    body = {
        "title": "Geantă Kelly 28 Epsom", "title_en": "Kelly 28 bag", "category": cat["category"].pk,
        "brand": cat["brand"].pk, "product_type": "preloved", "condition": cat["condition"].pk,
        "description": "Silueta trapezoidală clasică, cu baretă de umăr detașabilă.",
    }
    created = client_a.post("/api/products/", body, format="json")
    assert created.status_code == 201, created.json()
    listing = created.json()
    assert listing["status"] == "draft" and listing["title_en"] == "Kelly 28 bag"
    pk = listing["id"]
    assert client_b.patch(f"/api/products/{pk}/", {"title": "Altceva complet"}, format="json").status_code == 404
    assert client_b.delete(f"/api/products/{pk}/").status_code == 404
    assert client_b.get("/api/products/", {"mine": 1}).json()["results"] == []
    assert bearer(customer()).post("/api/products/", body, format="json").status_code == 403

    validated = buyable(a)
    changed = client_a.patch(f"/api/products/{validated.pk}/", {"title": "Geantă Kelly 28, feronerie aurie"}, format="json")
    assert changed.status_code == 200 and changed.json()["status"] == "pending"  # back to the validation queue
    assert [row["id"] for row in client_a.get("/api/products/", {"mine": 1}).json()["results"]] == [validated.pk, pk]
    assert client_a.delete(f"/api/products/{pk}/").status_code == 204
    assert not Product.objects.filter(pk=pk).exists()


def test_the_public_catalogue_shows_validated_pieces_to_anybody(api):
    vendor = approved_vendor()
    piece = buyable(vendor, price="17586.00")
    Product.objects.filter(pk=buyable(vendor).pk).update(status="pending")
    page = api.get("/api/products/").json()
    assert [p["id"] for p in page["results"]] == [piece.pk] and page["results"][0]["price"] == "17586.00"
    assert api.get(f"/api/products/{piece.pk}/").json()["vendor"]["name"] == vendor.shop_name
    assert api.get("/api/products/", {"price_min": "-1"}).status_code == 400
    assert api.get(f"/api/products/{2**63}/").status_code == 404


def test_cart_and_orders_belong_to_their_buyer_only():
    vendor = approved_vendor()
    a, b = customer(), customer()
    order = order_for(a, vendor)
    assert bearer(b).get(f"/api/orders/{order.pk}/").status_code == 404
    assert bearer(a).get(f"/api/orders/{order.pk}/").json()["number"] == order.number
    assert bearer(b).get("/api/orders/").json()["results"] == []
    piece = buyable(vendor)
    put = bearer(b).put("/api/cart/", {"lines": [{"product_id": piece.pk, "quantity": 1}]}, format="json")
    assert put.status_code == 200 and put.json()["count"] == 1
    assert bearer(a).get("/api/cart/").json()["count"] == 0


def test_checkout_through_the_api_places_the_cart_as_an_order():
    vendor = approved_vendor()
    buyer = customer()
    client = bearer(buyer)
    piece = buyable(vendor, price="900.00")
    client.put("/api/cart/", {"lines": [{"product_id": piece.pk, "quantity": 1}]}, format="json")
    details = {
        "shipping_name": "Ana Popescu", "shipping_phone": "+40722123456", "shipping_address": "Str. Ștefan cel Mare 10",
        "shipping_city": "București", "shipping_county": "București", "shipping_postal_code": "010101",
        "payment_method": "cod", "terms_accepted": True, "deliveries": {str(vendor.pk): {"method": "courier"}},
    }
    refused = client.post("/api/orders/", {**details, "terms_accepted": False}, format="json")
    assert refused.status_code == 400
    placed = client.post("/api/orders/", details, format="json")
    assert placed.status_code == 201, placed.json()
    assert Decimal(placed.json()["items_total"]) == Decimal("900.00") and placed.json()["shipments"][0]["items"]


def test_place_bid_needs_a_sign_in_and_refuses_with_the_tables_code(api):
    auction = live_auction()
    assert api.post(f"/api/auctions/{auction.pk}/place_bid/", {"amount": "500"}, format="json").status_code == 401
    own = bearer(auction.vendor.user).post(f"/api/auctions/{auction.pk}/place_bid/", {"amount": "500"}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "own_lot"
    low = bearer(customer()).post(f"/api/auctions/{auction.pk}/place_bid/", {"amount": "1"}, format="json")
    assert low.status_code == 409 and low.json()["code"] == "below_minimum"
    ok = bearer(customer()).post(f"/api/auctions/{auction.pk}/place_bid/", {"amount": "500"}, format="json")
    assert ok.status_code == 201 and ok.json()["state"]["leader_is_me"] is True


def test_the_vendor_dashboard_is_for_vendors_and_shows_their_own_figures():
    vendor, other = approved_vendor(), approved_vendor()
    order_for(customer(), vendor)
    assert bearer(customer()).get("/api/vendor-dashboard/").status_code == 403
    mine = bearer(vendor.user).get("/api/vendor-dashboard/").json()
    theirs = bearer(other.user).get("/api/vendor-dashboard/").json()
    assert mine["shop"]["id"] == vendor.pk and sum(mine["orders_by_status"].values()) == 1
    assert theirs["orders_by_status"] == {}


def test_customer_profile_is_the_callers_own(api):
    buyer = customer()
    assert api.get("/api/customer-profile/").status_code == 401
    assert bearer(buyer).get("/api/customer-profile/").json()["email"] == buyer.email


def _costs(callers) -> dict[str, int]:
    counts = {}
    for name, (caller, url) in callers.items():
        with CaptureQueriesContext(connection) as queries:
            assert caller.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_lists_cost_a_fixed_number_of_queries(api, settings):
    settings.STOREFRONT_CATALOGUE_CACHE_SECONDS = 0  # the pages' own cost, not the cache's
    vendor = approved_vendor()
    buyer = customer()
    callers = {
        "catalogue": (api, "/api/products/"),
        "orders": (bearer(buyer), "/api/orders/"),
        "mine": (bearer(vendor.user), "/api/products/?mine=1"),
        "users": (bearer(shop_manager()), "/api/users/"),
        "auctions": (api, "/api/auctions/"),
        "conversations": (bearer(buyer), "/api/conversations/"),
        "shop_conversations": (bearer(vendor.user), "/api/conversations/?as=shop"),
        "tickets": (bearer(buyer), "/api/tickets/"),
    }

    def grow(n):
        for _ in range(n):
            piece = buyable(vendor)
            order_for(buyer, vendor)
            live_auction(vendor)
            customer()
            conversation = conversation_start(buyer=buyer, product=piece)
            message_send(conversation=conversation, sender=buyer, text="Bună ziua, mai este disponibilă?")
            ticket_create(requester=buyer, subject="Întrebare", body="Când ajunge coletul?")

    grow(2)
    _costs(callers)  # a token's first use of the day records it: not part of the list's cost
    small = _costs(callers)
    grow(7)
    assert _costs(callers) == small


def test_an_anonymous_catalogue_page_is_cached_until_a_listing_changes(api, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rest-page"}}
    vendor = approved_vendor()
    buyable(vendor)
    first = api.get("/api/products/").json()
    with CaptureQueriesContext(connection) as again:
        assert api.get("/api/products/").json() == first
    assert len(again) == 0
    buyable(vendor, title="Nouă")
    assert len(api.get("/api/products/").json()["results"]) == 2


def test_a_shop_puts_its_own_pieces_up_for_auction_changes_and_withdraws_them_until_someone_bids():
    a, b = approved_vendor(), approved_vendor()
    piece = buyable(a)
    terms = {"starting_price": "900.00", "duration_hours": 72}
    assert bearer(customer()).post("/api/auctions/", {**terms, "product_id": piece.pk}, format="json").status_code == 403
    assert bearer(b.user).post("/api/auctions/", {**terms, "product_id": piece.pk}, format="json").status_code == 404
    moved = bearer(a.user).post("/api/auctions/", {**terms, "product_id": piece.pk}, format="json")
    assert moved.status_code == 201, moved.json()
    assert moved.json()["kind"] == "auction" and moved.json()["status"] == "pending"  # staff validate it again

    lot = live_auction(a)
    assert bearer(b.user).patch(f"/api/auctions/{lot.pk}/", terms, format="json").status_code == 404
    assert bearer(b.user).delete(f"/api/auctions/{lot.pk}/").status_code == 404
    changed = bearer(a.user).patch(f"/api/auctions/{lot.pk}/", {**terms, "starting_price": "120.00"}, format="json")
    assert changed.status_code == 200 and changed.json()["starting_price"] == "120.00"

    bid_on = live_auction(a)
    assert bearer(customer()).post(f"/api/auctions/{bid_on.pk}/place_bid/", {"amount": "500"}, format="json").status_code == 201
    refused = bearer(a.user).patch(f"/api/auctions/{bid_on.pk}/", terms, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "committed"
    assert bearer(a.user).delete(f"/api/auctions/{bid_on.pk}/").status_code == 400
    withdrawn = live_auction(a)
    assert bearer(a.user).delete(f"/api/auctions/{withdrawn.pk}/").status_code == 204


def test_staff_who_may_close_auctions_cancel_one_with_a_reason():
    lot = live_auction()
    agent = UserFactory(roles=[SUPPORT_AGENT], is_staff=True)
    assert bearer(agent).post(f"/api/auctions/{lot.pk}/cancel/", {"reason": "Fals"}, format="json").status_code == 403
    manager = UserFactory(roles=[SHOP_MANAGER], is_staff=True)
    assert bearer(manager).post(f"/api/auctions/{lot.pk}/cancel/", {"reason": ""}, format="json").status_code == 400
    cancelled = bearer(manager).post(f"/api/auctions/{lot.pk}/cancel/", {"reason": "Piesă retrasă de vânzător"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
