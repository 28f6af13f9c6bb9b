"""The buyer's own lists through the API: favourites, wishlist, saved sizes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.customers.models import Favorite, SavedDimension, WishlistItem
from tests.factories import store_product

from .conftest import public_piece, sized_category

pytestmark = pytest.mark.django_db
API = "/pwa/api/customers"


@pytest.fixture
def signed_in(client, buyer):
    client.force_login(buyer)
    return client


def test_every_route_needs_a_session(client, vendor):
    piece = public_piece(vendor)
    calls = [
        ("get", f"{API}/favorites", None),
        ("post", f"{API}/favorites/{piece.pk}/toggle", None),
        ("get", f"{API}/wishlist", None),
        ("post", f"{API}/wishlist", {"product_id": piece.pk}),
        ("patch", f"{API}/wishlist/{piece.pk}", {"alert_price_drop": False}),
        ("delete", f"{API}/wishlist/{piece.pk}", None),
        ("get", f"{API}/sizes", None),
        ("put", f"{API}/sizes/pantofi", {"size_id": 1}),
        ("delete", f"{API}/sizes/pantofi", None),
    ]
    for method, url, body in calls:
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 401, url
        assert response.json()["code"] == "not_authenticated"
    assert not Favorite.objects.exists() and not WishlistItem.objects.exists()


def test_writes_need_the_csrf_token(buyer, vendor):
    piece = public_piece(vendor)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(buyer)
    response = browser.post(f"{API}/favorites/{piece.pk}/toggle")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    assert not Favorite.objects.exists()
    browser.get("/products/")  # the page sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(f"{API}/favorites/{piece.pk}/toggle", headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.json()["is_favorite"] is True


def test_favorite_toggle_marks_the_catalogue_and_lists_it(signed_in, vendor):
    piece = public_piece(vendor, title="Kelly")
    other = public_piece(vendor, title="Other")
    response = signed_in.post(f"{API}/favorites/{piece.pk}/toggle")
    assert response.json() == {"product_id": piece.pk, "is_favorite": True}
    listed = signed_in.get("/pwa/api/catalog/products").json()["items"]
    assert {item["title"]: item["is_favorite"] for item in listed} == {"Kelly": True, "Other": False}
    assert [card["title"] for card in signed_in.get(f"{API}/favorites").json()] == ["Kelly"]
    # tapping again takes it out
    assert signed_in.post(f"{API}/favorites/{piece.pk}/toggle").json()["is_favorite"] is False
    assert signed_in.get(f"{API}/favorites").json() == []
    assert other.pk  # untouched


def test_cannot_favorite_or_wish_for_what_is_not_public(signed_in, vendor):
    hidden = store_product(vendor, status="pending")
    assert signed_in.post(f"{API}/favorites/{hidden.pk}/toggle").status_code == 404
    response = signed_in.post(f"{API}/wishlist", {"product_id": hidden.pk}, content_type="application/json")
    assert response.status_code == 404
    response = signed_in.post(f"{API}/wishlist", {"product_id": "abc"}, content_type="application/json")
    assert response.status_code == 422 and "product_id" in response.json()["fields"]
    assert not Favorite.objects.exists() and not WishlistItem.objects.exists()


def test_wishlist_remembers_the_price_and_shows_a_drop(signed_in, vendor):
    piece = public_piece(vendor, title="Jackie", price="2000.00")
    response = signed_in.post(f"{API}/wishlist", {"product_id": piece.pk}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["price_when_added"] == "2000.00" and response.json()["price_dropped"] is False
    # adding twice keeps one entry and the first price
    signed_in.post(f"{API}/wishlist", {"product_id": piece.pk}, content_type="application/json")
    piece.price = "1500.00"
    piece.save()
    [row] = signed_in.get(f"{API}/wishlist").json()
    assert row["current_price"] == "1500.00" and row["price_when_added"] == "2000.00" and row["price_dropped"] is True
    # alerts can be turned off, then the piece removed
    response = signed_in.patch(f"{API}/wishlist/{piece.pk}", {"alert_price_drop": False}, content_type="application/json")
    assert response.json()["alert_price_drop"] is False
    assert signed_in.delete(f"{API}/wishlist/{piece.pk}").status_code == 204
    assert signed_in.get(f"{API}/wishlist").json() == []
    assert signed_in.delete(f"{API}/wishlist/{piece.pk}").status_code == 404


def test_one_buyer_never_sees_or_changes_another_buyers_lists(signed_in, vendor):
    from tests.factories import customer

    piece = public_piece(vendor)
    someone = customer()
    WishlistItem.objects.create(user=someone, product=piece, price_when_added="1200.00")
    Favorite.objects.create(user=someone, product=piece)
    assert signed_in.get(f"{API}/wishlist").json() == []
    assert signed_in.get(f"{API}/favorites").json() == []
    assert signed_in.delete(f"{API}/wishlist/{piece.pk}").status_code == 404
    assert WishlistItem.objects.filter(user=someone).count() == 1


def test_saved_sizes_prefilter_the_catalogue(signed_in, vendor):
    shoes, s38, s39 = sized_category()
    public_piece(vendor, title="Bag")  # another category: unaffected by a shoe size
    public_piece(vendor, title="Shoe 38", category=shoes, subcategory=None, size=s38)
    public_piece(vendor, title="Shoe 39", category=shoes, subcategory=None, size=s39)
    response = signed_in.put(f"{API}/sizes/pantofi", {"size_id": s39.pk, "system": "it"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"category": "pantofi", "category_name": "Pantofi", "size_id": s39.pk, "system": "it", "label": "IT 39"}
    listed = [i["title"] for i in signed_in.get("/pwa/api/catalog/products", {"my_sizes": "true"}).json()["items"]]
    assert listed == ["Shoe 39", "Bag"]
    everything = [i["title"] for i in signed_in.get("/pwa/api/catalog/products").json()["items"]]
    assert everything == ["Shoe 39", "Shoe 38", "Bag"]
    assert [s["label"] for s in signed_in.get(f"{API}/sizes").json()] == ["IT 39"]
    assert signed_in.delete(f"{API}/sizes/pantofi").status_code == 204
    assert not SavedDimension.objects.exists()


def test_saved_size_must_belong_to_the_category(signed_in, vendor):
    shoes, s38, _ = sized_category()
    bag_size = store_product(vendor).size  # None: bags have no chart
    assert bag_size is None
    response = signed_in.put(f"{API}/sizes/genti", {"size_id": s38.pk}, content_type="application/json")
    assert response.status_code == 400 and response.json()["fields"] == {"category": ["Această categorie nu are mărimi."]}
    response = signed_in.put(f"{API}/sizes/pantofi", {"size_id": 987654}, content_type="application/json")
    assert response.status_code == 400 and "size_id" in response.json()["fields"]
    response = signed_in.put(f"{API}/sizes/pantofi", {"size_id": s38.pk, "system": "jp"}, content_type="application/json")
    assert response.status_code == 422 and "system" in response.json()["fields"]
    assert signed_in.put(f"{API}/sizes/nowhere", {"size_id": s38.pk}, content_type="application/json").status_code == 404
    assert not SavedDimension.objects.exists()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_cost_the_same_queries_for_5_and_for_50(signed_in, buyer, vendor):
    def add(n, start):
        for i in range(start, start + n):
            piece = public_piece(vendor, title=f"P{i}", photo=True)
            Favorite.objects.create(user=buyer, product=piece)
            WishlistItem.objects.create(user=buyer, product=piece, price_when_added="1300.00")

    add(5, 0)
    favorites_5, wishlist_5 = _count(signed_in, f"{API}/favorites"), _count(signed_in, f"{API}/wishlist")
    add(45, 5)
    assert len(signed_in.get(f"{API}/favorites").json()) == 50
    assert _count(signed_in, f"{API}/favorites") == favorites_5
    assert _count(signed_in, f"{API}/wishlist") == wishlist_5
