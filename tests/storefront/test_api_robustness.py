"""Bad ids and unknown paths get the API's answers (404 / 422 with {code, message, fields}), never a 500."""

import pytest
from django.test import Client

from .conftest import public_piece

pytestmark = pytest.mark.django_db
API = "/pwa/api"
HUGE = [2**63, 2**63 + 1, 10**30]


@pytest.fixture
def lax():
    """A client that reports a server error as a 500 instead of raising it, as a browser sees it."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("huge", HUGE)
def test_huge_ids_in_paths_are_404_or_422_never_500(lax, vendor, buyer, huge):
    public_piece(vendor)
    pages = [f"/products/{huge}/", f"/auctions/{huge}/", f"/cart/orders/{huge}/", f"/cart/orders/1/invoice/{huge}/"]
    api = [f"{API}/catalog/products/{huge}", f"{API}/auctions/{huge}", f"{API}/auctions/{huge}/status", f"{API}/orders/{huge}"]
    lax.force_login(buyer)
    for url in pages:
        assert lax.get(url).status_code == 404, url
    for url in api:
        response = lax.get(url)
        assert response.status_code in (404, 422), url
        assert set(response.json()) == {"code", "message", "fields"}, url
    for method, url, body in [
        ("patch", f"{API}/cart/items/{huge}", {"quantity": 1}),
        ("delete", f"{API}/cart/items/{huge}", None),
        ("post", f"{API}/customers/favorites/{huge}/toggle", None),
        ("patch", f"{API}/customers/wishlist/{huge}", {"alert_price_drop": True}),
        ("delete", f"{API}/customers/wishlist/{huge}", None),
        ("post", f"{API}/auctions/{huge}/bids", {"amount": "100"}),
    ]:
        response = getattr(lax, method)(url, body, content_type="application/json")
        assert response.status_code in (404, 422), (method, url, response.status_code)


@pytest.mark.parametrize("huge", HUGE)
def test_huge_ids_in_bodies_are_refused_as_bad_input(lax, vendor, buyer, huge):
    piece = public_piece(vendor)
    lax.force_login(buyer)
    for method, url, body in [
        ("post", f"{API}/cart/items", {"product_id": huge}),
        ("post", f"{API}/customers/wishlist", {"product_id": huge}),
        ("put", f"{API}/customers/sizes/shoes", {"size_id": huge}),
        ("post", f"{API}/notifications/read", {"ids": [huge]}),
    ]:
        response = getattr(lax, method)(url, body, content_type="application/json")
        assert response.status_code == 422, (url, response.status_code)
        error = response.json()
        assert error["code"] == "invalid_input" and error["fields"], url
    # the same requests with a real id still work
    assert lax.post(f"{API}/cart/items", {"product_id": piece.pk}, content_type="application/json").status_code == 201
    assert lax.post(f"{API}/customers/wishlist", {"product_id": piece.pk}, content_type="application/json").status_code == 201


def test_unknown_api_paths_answer_the_api_json_404(client):
    for url in (f"{API}/nope", f"{API}/catalog/nope/deeper", f"{API}/catalog/products/abc", f"{API}/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        body = response.json()
        assert body["code"] == "not_found" and body["message"] and body["fields"] == {}
    # the site's own pages keep the HTML 404
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_nul_characters_are_bad_input_on_every_database(lax, buyer):
    # PostgreSQL cannot store NUL in text: schemathesis found it as a 500 on push/unsubscribe.
    lax.force_login(buyer)
    calls = [
        lax.post(f"{API}/notifications/push/unsubscribe", {"endpoint": "https://push.example/\x00"}, content_type="application/json"),
        lax.get(f"{API}/catalog/products", {"q": "geantă\x00"}),
        lax.post(f"{API}/customers/wishlist", '{"product_id": 1, "x": "\\u0000"}', content_type="application/json"),
    ]
    for response in calls:
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "invalid_input" and body["message"] == "Textul nu poate conține caractere NUL."
    # ordinary text still goes through
    assert lax.get(f"{API}/catalog/products", {"q": "geantă"}).status_code == 200


@pytest.mark.parametrize("posted", [str(2**63), str(10**30), "²", "١٢", "-1", "abc"])
def test_odd_ids_posted_by_the_account_pages_are_404_not_500(lax, buyer, posted):
    lax.force_login(buyer)
    assert lax.post("/customers/wishlist/", {"product_id": posted, "action": "remove"}).status_code == 404
    assert lax.post("/customers/favorites/", {"product_id": posted}).status_code in (302, 404)
    assert lax.post("/customers/dimensions/", {"category": posted, "size": posted}).status_code == 404
