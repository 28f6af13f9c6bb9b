"""Issue 19, the buyer's side: the product page that earns trust, the shop page, reviews, my bids, the auction form."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.administration.models import PlatformSettingEntry
from marketplace.administration.selectors import platform_settings_invalidate
from marketplace.administration.services import platform_settings_update
from marketplace.auctions.services import auction_close, auction_place_bid
from marketplace.products.models import ConditionGrade
from marketplace.reviews.models import Review
from marketplace.reviews.services import review_create, review_hide, review_reply
from tests.factories import approved_vendor, customer, live_auction, shop_manager
from tests.reviews.helpers import completed_order

from .conftest import public_piece, sized_category

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def rated_vendor(rating=4, **kwargs):
    """An approved shop with one completed order, rated ``rating`` by its buyer."""
    vendor = approved_vendor(**kwargs)
    order = completed_order(products=[public_piece(vendor, title="Vândută")])
    review_create(buyer=order.buyer, order=order, vendor=vendor, rating=rating, comment="Impecabil, ambalaj frumos")
    vendor.refresh_from_db()
    return vendor, order


# --- the product page ---------------------------------------------------------------------------
def test_product_page_says_what_the_grade_means_and_lists_the_scale(client, vendor):
    for slug, rank, name, words in (("nou", 1, "Nou cu etichetă", "Niciodată purtat, cu etichetele originale."),
                                    ("bun", 5, "Bun", "Urme vizibile de purtare, fotografiate.")):
        ConditionGrade.objects.get_or_create(slug=slug, defaults={"rank": rank, "name": name, "description": words})
    piece = public_piece(vendor, photo=True)
    piece.condition.description = "Purtat de foarte puține ori, fără urme vizibile."
    piece.condition.save()
    page = text(client.get(f"/products/{piece.pk}/"))
    assert "<strong data-condition>Excelent</strong>: Purtat de foarte puține ori, fără urme vizibile." in page
    scale = page.split('class="grade-scale"')[1].split("</ol>")[0]
    assert scale.index("Nou cu etichetă") < scale.index("Excelent") < scale.index("Bun")  # best first
    assert '<li aria-current="true"><strong>Excelent</strong>' in scale
    assert "Urme vizibile de purtare, fotografiate." in scale


def test_product_page_shows_the_size_in_every_system_and_the_measurements(client, vendor):
    shoes, s38, _s39 = sized_category()
    piece = public_piece(vendor, category=shoes, size=s38, dimensions={"heel_height": "9.5"},
                         custom_dimensions=[{"name": "Platformă", "value": "1.5"}])
    page = text(client.get(f"/products/{piece.pk}/"))
    table = page.split('<table class="sizes">')[1].split("</table>")[0]
    assert re.findall(r"<th scope=\"col\">(\w+)</th>", table) == ["EU", "IT", "FR", "US", "UK"]
    assert re.findall(r"<td>(\w+)</td>", table) == ["38", "38", "39", "8", "5"]
    assert "<dt>Heel height</dt><dd>9.5 cm</dd>" in page or "<dt>Înălțimea tocului</dt><dd>9.5 cm</dd>" in page
    assert "<dt>Platformă</dt><dd>1.5 cm</dd>" in page


def test_delivery_returns_and_promise_follow_the_platform_settings(client, vendor):
    piece = public_piece(vendor)
    client.cookies["django_language"] = "en"
    page = text(client.get(f"/products/{piece.pk}/"))
    assert "14 days after delivery" in page and "the shop ships within 3 days" in page
    assert "send it back within 14 days of delivery" in page
    platform_settings_update(actor=shop_manager(), return_days=30, shipping_days=5,
                             shipping_prices={"courier": "24.90", "locker": "12.50", "pickup": "0"})
    vendor.shipping_prices = {"courier": "19.90"}  # the shop's own courier price wins
    vendor.save()
    page = text(client.get(f"/products/{piece.pk}/"))
    assert "30 days after delivery" in page and "the shop ships within 5 days" in page
    delivery = page.split("data-delivery>")[1].split("</dl>")[0]
    assert "<dd>19,90 lei</dd>" in delivery and "<dd>12,50 lei</dd>" in delivery and "<dd>free</dd>" in delivery
    assert "Delivery from 12,50 lei" in page  # the cheapest delivery; personal pick-up is not one
    PlatformSettingEntry.objects.create(key="authenticity_promise", value={"ro": "Garanție pe viață.", "en": "Lifetime guarantee."})
    platform_settings_invalidate()
    assert '<p data-promise>Lifetime guarantee.</p>' in text(client.get(f"/products/{piece.pk}/"))


def test_seller_card_names_the_shop_its_age_sales_and_rating_and_links_to_its_page(client):
    vendor, _order = rated_vendor(rating=4, shop_name="Maison Lux")
    piece = public_piece(vendor, title="Geantă Lady Dior")
    client.cookies["django_language"] = "en"
    page = text(client.get(f"/products/{piece.pk}/"))
    card = page.split("data-seller-card>")[1].split("</section>")[0]
    assert f'href="/shops/{vendor.slug}/">Maison Lux</a>' in card
    assert "4.0" in card and "(1 review)" in card
    assert "1 piece sold" in card and f"On SNOBISTIC since {vendor.created_at:%B %Y}".lower() in card.lower()


def test_phones_get_a_buy_bar_and_a_zoom_dialog_and_a_sold_piece_has_no_bar(client, vendor):
    piece = public_piece(vendor, photo=True)
    page = text(client.get(f"/products/{piece.pk}/"))
    assert 'form="buy-form" data-buybar-button' in page and 'id="buy-form"' in page
    assert "data-zoom " in page and "data-gallery " in page and "data-full=" in page
    piece.stock = 0
    piece.save()
    assert "data-buybar" not in text(client.get(f"/products/{piece.pk}/"))


# --- the shop page ------------------------------------------------------------------------------
def test_shop_page_lists_only_its_pieces_with_the_catalogues_filters(client):
    vendor, _order = rated_vendor(rating=5, shop_name="Atelier Vintage")
    public_piece(vendor, title="Chanel 2.55")
    public_piece(vendor, title="Eșarfă Hermès", price="900.00")
    public_piece(approved_vendor(), title="Altă piesă a altui magazin")
    page = text(client.get(f"/shops/{vendor.slug}/"))
    assert "<h1>Atelier Vintage</h1>" in page and "Chanel 2.55" in page and "Eșarfă Hermès" in page
    assert "Altă piesă" not in page
    filtered = text(client.get(f"/shops/{vendor.slug}/", {"price_max": "1000", "filtered": "1"}))
    assert "Eșarfă Hermès" in filtered and "Chanel 2.55" not in filtered
    searched = text(client.get(f"/shops/{vendor.slug}/", {"vendor": "another-shop", "q": "Chanel"}))
    assert "Chanel 2.55" in searched  # the shop in the address wins over a vendor in the query
    assert client.get("/shops/no-such-shop/").status_code == 404


def test_a_shop_not_approved_has_no_page(client):
    from tests.factories import VendorFactory

    pending = VendorFactory()
    assert client.get(f"/shops/{pending.slug}/").status_code == 404


def test_shop_page_shows_rating_and_visible_reviews_with_the_shops_answer(client):
    vendor, order = rated_vendor(rating=4)
    review = Review.objects.get(order=order)
    review_reply(vendor=vendor, review=review, text="Vă mulțumim, revenim cu noutăți!")
    other = completed_order(products=[public_piece(vendor, title="Pantofi")])
    rude = review_create(buyer=other.buyer, order=other, vendor=vendor, rating=1, comment="Text jignitor")
    review_hide(actor=shop_manager(), review=rude, reason="Limbaj jignitor")
    page = text(client.get(f"/shops/{vendor.slug}/"))
    reviews = page.split('id="reviews"')[1]
    assert "Impecabil, ambalaj frumos" in reviews and "Vă mulțumim, revenim cu noutăți!" in reviews
    assert "Text jignitor" not in page
    assert 'data-rating="4.00"' in page


def test_shop_page_costs_the_same_queries_for_one_review_and_for_six(client):
    vendor, _order = rated_vendor()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/shops/{vendor.slug}/").status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for n in range(5):
        order = completed_order(products=[public_piece(vendor, title=f"Piesa {n}")])
        review_create(buyer=order.buyer, order=order, vendor=vendor, rating=5)
    assert count() == first


# --- the catalogue card -------------------------------------------------------------------------
def test_catalogue_card_shows_the_shops_rating_in_the_same_number_of_queries(client):
    unrated = approved_vendor()
    public_piece(unrated, title="Fără recenzii")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/products/", {"filtered": "1"})
        return len(ctx.captured_queries), text(response)

    before, page = count()
    assert "data-seller-rating" not in page
    rated, _order = rated_vendor(rating=5)
    for n in range(3):
        public_piece(rated, title=f"Cu recenzii {n}")
    after, page = count()
    assert after == before
    assert page.count("data-seller-rating") == 3
    api = client.get("/pwa/api/catalog/products").json()["items"]
    by_title = {item["title"]: item for item in api}
    assert by_title["Cu recenzii 0"]["seller_rating"] == "5.00" and by_title["Cu recenzii 0"]["seller_reviews"] == 1
    assert by_title["Fără recenzii"]["seller_rating"] is None


# --- reviewing an order -------------------------------------------------------------------------
def test_buyer_rates_the_shop_of_a_completed_order_once_from_its_page(client):
    order = completed_order()
    vendor = order.shipments.get().vendor
    client.force_login(order.buyer)
    client.cookies["django_language"] = "en"
    assert "data-rate-sellers" in text(client.get(f"/cart/orders/{order.pk}/"))
    page = text(client.get(f"/customers/orders/{order.pk}/review/"))
    assert 'name="rating" value="5"' in page
    refused = client.post(f"/customers/orders/{order.pk}/review/", {"vendor": vendor.pk, "rating": "9"})
    assert refused.status_code == 400 and "Choose a rating from 1 to 5 stars." in text(refused)
    done = client.post(f"/customers/orders/{order.pk}/review/", {"vendor": vendor.pk, "rating": "5", "comment": "Super"})
    assert done.status_code == 302
    again = client.post(f"/customers/orders/{order.pk}/review/", {"vendor": vendor.pk, "rating": "1"})
    assert again.status_code == 409
    assert Review.objects.get(order=order).rating == 5
    assert 'name="rating"' not in text(client.get(f"/customers/orders/{order.pk}/review/"))


def test_nobody_else_reviews_an_order_and_an_open_order_waits(client):
    order = completed_order()
    client.force_login(customer())
    assert client.get(f"/customers/orders/{order.pk}/review/").status_code == 404
    assert client.post(f"/customers/orders/{order.pk}/review/", {"vendor": "1", "rating": "5"}).status_code == 404
    from tests.orders.helpers import place_order

    open_order = place_order(customer(), [public_piece(approved_vendor())])
    client.force_login(open_order.buyer)
    client.cookies["django_language"] = "en"
    assert "once the order is completed" in text(client.get(f"/customers/orders/{open_order.pk}/review/"))
    vendor_id = open_order.shipments.get().vendor_id
    assert client.post(f"/customers/orders/{open_order.pk}/review/", {"vendor": vendor_id, "rating": "5"}).status_code == 409


# --- reviews through the API ------------------------------------------------------------------------
def test_api_shop_card_reviews_and_posting_a_review(client):
    vendor, _order = rated_vendor(rating=3)
    shop = client.get(f"/pwa/api/shops/{vendor.slug}").json()
    assert shop["rating"] == "3.00" and shop["reviews"] == 1 and shop["pieces_sold"] == 1
    assert shop["url"] == f"/shops/{vendor.slug}/"
    reviews = client.get(f"/pwa/api/shops/{vendor.slug}/reviews").json()
    assert [r["comment"] for r in reviews["items"]] == ["Impecabil, ambalaj frumos"] and reviews["next_page"] is None
    assert "@" not in reviews["items"][0]["reviewer"]
    assert client.get("/pwa/api/shops/nope").status_code == 404

    order = completed_order(products=[public_piece(vendor, title="A doua")])
    body = {"order_id": order.pk, "vendor_id": vendor.pk, "rating": 5, "comment": "Rapid"}
    assert client.post("/pwa/api/reviews/", body, content_type="application/json").status_code == 401
    client.force_login(customer())
    assert client.post("/pwa/api/reviews/", body, content_type="application/json").status_code == 404
    client.force_login(order.buyer)
    assert client.post("/pwa/api/reviews/", {**body, "rating": 6}, content_type="application/json").status_code == 422
    created = client.post("/pwa/api/reviews/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["rating"] == 5
    again = client.post("/pwa/api/reviews/", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    assert client.get(f"/pwa/api/shops/{vendor.slug}").json()["rating"] == "4.00"


# --- my bids ------------------------------------------------------------------------------------
def bids_scene():
    """Ana leads one live lot, is outbid on another, won a third (to pay) and lost a fourth."""
    ana, mihai = customer(first_name="Ana"), customer()
    leading, outbid, won, lost = (live_auction(title=t) for t in ("Lot condus", "Lot depășit", "Lot câștigat", "Lot pierdut"))
    auction_place_bid(auction=leading, user=ana, amount="300")
    auction_place_bid(auction=outbid, user=ana, amount="300")
    auction_place_bid(auction=outbid, user=mihai, amount="800")
    auction_place_bid(auction=won, user=ana, amount="400")
    auction_place_bid(auction=lost, user=ana, amount="200")
    auction_place_bid(auction=lost, user=mihai, amount="700")
    auction_close(auction=won, force=True)
    auction_close(auction=lost, force=True)
    return ana, {"leading": leading, "outbid": outbid, "won": won, "lost": lost}


def test_my_bids_page_sorts_live_won_and_lost(client):
    ana, lots = bids_scene()
    assert client.get("/customers/bids/").status_code == 302  # sign in first
    client.force_login(ana)
    client.cookies["django_language"] = "en"
    page = text(client.get("/customers/bids/"))
    live = page.split('data-section="live"')[1].split("</section>")[0]
    won = page.split('data-section="won"')[1].split("</section>")[0]
    lost = page.split('data-section="lost"')[1].split("</section>")[0]
    assert "Lot condus" in live and "Lot depășit" in live and 'data-state="leading"' in live and 'data-state="outbid"' in live
    assert "300,00 lei" in live and "data-countdown" in live
    assert "Lot câștigat" in won and 'data-state="awaiting_payment"' in won and "data-pay" in won
    assert "Lot pierdut" in lost and "Lot câștigat" not in lost
    assert "Your maximum: 200,00 lei" in lost


def test_my_bids_costs_the_same_queries_for_any_number_of_auctions(client):
    ana, _lots = bids_scene()
    client.force_login(ana)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/customers/bids/").status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for n in range(4):
        auction_place_bid(auction=live_auction(title=f"Încă {n}"), user=ana, amount="250")
    assert count() == first


def test_api_my_bids_and_history(client):
    ana, lots = bids_scene()
    assert client.get("/pwa/api/auctions/mine").status_code == 401
    client.force_login(ana)
    mine = client.get("/pwa/api/auctions/mine").json()
    assert {a["title"]: a["leading"] for a in mine["live"]} == {"Lot condus": True, "Lot depășit": False}
    assert [a["my_maximum"] for a in mine["live"] if a["title"] == "Lot condus"] == ["300.00"]
    [won] = mine["won"]
    assert won["awaiting_payment"] is True and won["order_id"]
    assert [a["title"] for a in mine["lost"]] == ["Lot pierdut"]
    history = client.get(f"/pwa/api/auctions/{lots['outbid'].pk}/history").json()
    assert len(history) == 2 and all(row["bidder"].startswith(("Bidder", "Ofertant")) for row in history)
    lots["outbid"].refresh_from_db()
    assert history[0]["price"] == str(lots["outbid"].current_price)  # newest first: the price now


# --- the auction page ---------------------------------------------------------------------------
def test_auction_form_knows_the_minimum_and_says_it_before_the_dialog(client):
    auction = live_auction(starting_price="500.00")
    client.force_login(customer())
    client.cookies["django_language"] = "en"
    page = text(client.get(f"/auctions/{auction.pk}/"))
    form = page.split("data-bid-form")[1].split(">")[0]
    assert 'data-minimum="500.00"' in form and "The least you can bid now is {minimum} lei." in form
    assert "data-history-rows" in page and 'data-api="/pwa/api/auctions/' in page
    assert "data-buybar" in page


def test_the_minimum_rule_is_also_the_servers(client):
    auction = live_auction(starting_price="500.00")
    client.force_login(customer())
    response = client.post(f"/pwa/api/auctions/{auction.pk}/bids", {"amount": "499"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "below_minimum"
    assert Decimal(client.get(f"/pwa/api/auctions/{auction.pk}/status").json()["minimum_bid"]) == Decimal("500.00")
