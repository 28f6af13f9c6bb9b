"""Storefront pages: what the first paint and a search engine get, and the no-JavaScript paths."""

import json
import re

import pytest
from django.core.files.storage import default_storage

from marketplace.customers.models import Favorite, SavedDimension, WishlistItem
from tests.factories import store_product

from .conftest import public_piece, sized_category

pytestmark = pytest.mark.django_db


def test_home_shows_new_pieces_and_links_the_app_files(client, vendor):
    public_piece(vendor, title="Speedy 25")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Speedy 25" in html and 'rel="manifest"' in html and "/serviceworker.js" in html
    assert '<meta name="description"' in html


def test_product_list_renders_filters_and_a_next_page_link(client, vendor):
    for n in range(30):
        public_piece(vendor, title=f"Piesa {n:02d}")
    store_product(vendor, status="pending", title="Ascunsă")
    response = client.get("/products/")
    html = response.content.decode()
    assert html.count('class="card-product"') == 24 and "Ascunsă" not in html
    next_url = re.search(r'href="([^"]+)" data-more', html).group(1).replace("&amp;", "&")
    second = client.get(next_url).content.decode()
    assert second.count('class="card-product"') == 6 and "Piesa 00" in second
    filtered = client.get("/products/", {"q": "Piesa 07"}).content.decode()
    assert filtered.count('class="card-product"') == 1


def test_bad_filters_in_the_address_are_dropped_not_a_500(client, vendor):
    public_piece(vendor, title="Still here")
    response = client.get("/products/", {"price_min": "abc", "sort": "weird", "cursor": "zzz"})
    assert response.status_code == 200 and "Still here" in response.content.decode()


def test_product_page_has_structured_data_and_big_photos(client, vendor):
    piece = public_piece(vendor, title="Kelly 28 <Noir>", description="Piele box", photo=True)
    response = client.get(f"/products/{piece.pk}/")
    html = response.content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Product" and data["name"] == "Kelly 28 <Noir>"
    assert data["offers"]["price"] == "1200.00" and data["offers"]["priceCurrency"] == "RON"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["itemCondition"] == "https://schema.org/UsedCondition"
    assert data["brand"]["name"] == "Hermès" and data["image"][0].startswith("http://testserver/")
    assert "<Noir>" not in html.split("application/ld+json")[1].split("</script>")[0]  # escaped
    assert 'fetchpriority="high"' in html and 'rel="canonical"' in html
    assert client.get(f"/products/{store_product(vendor, status='pending').pk}/").status_code == 404


def test_favorite_and_wishlist_buttons_work_without_javascript(client, buyer, vendor):
    piece = public_piece(vendor)
    response = client.post(f"/products/{piece.pk}/", {"action": "favorite"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(buyer)
    client.post(f"/products/{piece.pk}/", {"action": "favorite"})
    client.post(f"/products/{piece.pk}/", {"action": "wishlist"})
    assert Favorite.objects.filter(user=buyer, product=piece).exists()
    assert WishlistItem.objects.get(user=buyer, product=piece).price_when_added == piece.price
    client.cookies["django_language"] = "en"
    page = client.get(f"/products/{piece.pk}/").content.decode()
    assert "On your wishlist" in page and 'aria-pressed="true"' in page


def test_account_pages_need_a_sign_in(client):
    for url in ("/customers/", "/customers/favorites/", "/customers/wishlist/", "/customers/dimensions/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_account_pages_list_the_buyers_things(client, buyer, vendor):
    piece = public_piece(vendor, title="Jackie 1961", price="2000.00")
    Favorite.objects.create(user=buyer, product=piece)
    WishlistItem.objects.create(user=buyer, product=piece, price_when_added="2500.00")
    client.force_login(buyer)
    assert "Jackie 1961" in client.get("/customers/favorites/").content.decode()
    wishlist = client.get("/customers/wishlist/").content.decode()
    assert "Jackie 1961" in wishlist and "2.500,00 lei" in wishlist  # the price drop is shown
    account = client.get("/customers/").content.decode()
    assert "/customers/wishlist/" in account and "/customers/dimensions/" in account
    client.post("/customers/wishlist/", {"product_id": piece.pk, "action": "remove"})
    client.post("/customers/favorites/", {"product_id": piece.pk})
    assert not WishlistItem.objects.exists() and not Favorite.objects.exists()


def test_saved_sizes_page_saves_and_refuses_a_foreign_size(client, buyer):
    shoes, s38, _ = sized_category()
    from marketplace.products.models import Size, SizeChart

    other_chart = SizeChart.objects.create(slug="rochii", name="Rochii")
    foreign = Size.objects.create(chart=other_chart, position=1, eu="36", it="40", fr="36", us="4", uk="8")
    client.force_login(buyer)
    page = client.get("/customers/dimensions/").content.decode()
    assert "Pantofi" in page
    response = client.post("/customers/dimensions/", {"category": shoes.pk, "size": foreign.pk, "system": "eu"})
    assert response.status_code == 400 and not SavedDimension.objects.exists()
    client.post("/customers/dimensions/", {"category": shoes.pk, "size": s38.pk, "system": "it"})
    saved = SavedDimension.objects.get(user=buyer)
    assert saved.size == s38 and saved.system == "it"


def test_pages_speak_english_on_request(client, vendor):
    public_piece(vendor)
    client.cookies["django_language"] = "en"
    html = client.get("/products/").content.decode()
    assert "Catalogue" in html and 'lang="en"' in html


def test_manifest_and_service_worker(client):
    manifest = client.get("/manifest.json").json()
    assert manifest["name"] == "SNOBISTIC" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    worker = client.get("/serviceworker.js")
    assert worker["Content-Type"].startswith("application/javascript")
    body = worker.content.decode()
    assert "/offline/" in body and "/static/pwa/css/store.css" in body
    assert client.get("/offline/").status_code == 200


def test_robots_txt_keeps_crawlers_out_of_private_areas(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /customers/" in body and "Allow: /" in body


def test_seed_catalogue_adds_validated_pieces_once(tmp_path, vendor):
    from django.core.management import call_command

    from marketplace.products.models import StoreProduct

    call_command("seed_demo", verbosity=0)
    from io import StringIO

    call_command("seed_catalogue", count=30, photo_dir=str(tmp_path), stdout=StringIO())
    call_command("seed_catalogue", count=30, photo_dir=str(tmp_path), stdout=StringIO())
    demo = StoreProduct.objects.filter(slug__startswith="demo-")
    assert demo.count() == 30 and set(demo.values_list("status", flat=True)) == {"validated"}
    assert all(p.images.get(is_primary=True).renditions["card"].startswith("demo/") for p in demo[:3])
    assert list((tmp_path / "demo").glob("*-front-card.webp"))


def test_cart_lines_show_the_photos_thumbnail_not_the_upload(client, vendor):
    # An 80×100 picture in the cart: the 320-px WebP rendition, not the full-size JPEG the vendor uploaded.
    piece = public_piece(vendor, title="Speedy 30", photo=True)
    client.post(f"/cart/add/{piece.pk}/")
    html = client.get("/cart/").content.decode()
    image = piece.images.get()
    assert f'src="{default_storage.url(image.renditions["thumb"])}"' in html
    assert image.original.url not in html


def test_product_page_adds_to_the_cart_through_the_orders_door(client, vendor):
    piece = public_piece(vendor, title="Speedy 30")
    html = client.get(f"/products/{piece.pk}/").content.decode()
    assert f'action="/cart/add/{piece.pk}/"' in html
    response = client.post(f"/cart/add/{piece.pk}/", {"next": f"/products/{piece.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/products/{piece.pk}/"
    assert "Speedy 30" in client.get("/cart/").content.decode()
    sold = public_piece(vendor, title="Gone")
    sold.stock = 0
    sold.save()
    assert "/cart/add/" not in client.get(f"/products/{sold.pk}/").content.decode()


def test_seed_names_for_the_buyers_orders_lead_to_the_orders_pages(client, buyer):
    client.force_login(buyer)
    assert client.get("/customers/orders/")["Location"] == "/cart/orders/"
    assert client.get("/customers/orders/7/")["Location"] == "/cart/orders/7/"


def test_account_page_offers_push_notifications_and_the_worker_shows_them(client, buyer):
    client.force_login(buyer)
    html = client.get("/customers/").content.decode()
    assert "data-push" in html and 'name="push_price_drop"' in html and "pwa/js/notifications.js" in html
    worker = client.get("/serviceworker.js").content.decode()
    assert 'addEventListener("push"' in worker and 'addEventListener("notificationclick"' in worker


def test_product_list_page_costs_the_same_queries_for_5_and_for_50_pieces(client, vendor, buyer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/products/", {"limit": 48}).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(buyer)
    for n in range(5):
        public_piece(vendor, title=f"A{n}", photo=True)
    five = count()
    for n in range(45):
        public_piece(vendor, title=f"B{n}", photo=True)
    assert count() == five


def test_account_forms_answer_nonsense_ids_with_404_not_500(client, buyer):
    client.force_login(buyer)
    for url, data in (
        ("/customers/favorites/", {"product_id": "abc"}),
        ("/customers/wishlist/", {"product_id": "1; drop", "action": "remove"}),
        ("/customers/dimensions/", {"category": "x", "size": "y"}),
    ):
        assert client.post(url, data).status_code == 404, url


def test_service_worker_keeps_personal_pages_and_data_off_the_phone(client):
    worker = client.get("/serviceworker.js").content.decode()
    assert '"/customers/"' in worker and '"/cart/"' in worker and "privatePage" in worker
    assert 'startsWith("/pwa/api/catalog/")' in worker
