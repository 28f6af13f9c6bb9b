"""The cart: guests and buyers, merged at sign-in, unavailable pieces flagged, old carts cleaned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.orders.models import Cart, CartItem
from marketplace.orders.services import cart_add, cart_get
from marketplace.orders.tasks import clean_expired_carts
from marketplace.products.models import Product, StoreProduct
from tests.factories import PASSWORD, approved_vendor, buyable, customer

pytestmark = pytest.mark.django_db


def test_guest_cart_is_merged_into_the_buyers_cart_at_sign_in(client):
    # Given a buyer who already has a piece in their cart, and two more pieces on sale
    vendor = approved_vendor()
    kept, scarf, bag = buyable(vendor, title="Eșarfă Hermès", stock=3), buyable(vendor, title="Carré 90", stock=3), buyable(vendor, title="Geantă Kelly")
    buyer = customer()
    cart_add(cart=cart_get(user=buyer, create=True), product_id=kept.pk)
    # When, as a guest, they add two pieces (one of them twice) and then sign in
    client.post(reverse("add_to_cart", args=[scarf.pk]))
    client.post(reverse("add_to_cart", args=[scarf.pk]))
    client.post(reverse("add_to_cart", args=[bag.pk]))
    assert client.get(reverse("cart")).context["summary"].count == 3
    response = client.post(reverse("login"), {"email": buyer.email, "password": PASSWORD})
    assert response.status_code == 302
    # Then their cart holds everything, quantities added up, and no guest cart is left behind
    summary = client.get(reverse("cart")).context["summary"]
    assert sorted((line.product.title, line.item.quantity) for line in summary.lines) == [
        ("Carré 90", 2), ("Eșarfă Hermès", 1), ("Geantă Kelly", 1)
    ]
    assert Cart.objects.count() == 1


def test_cart_flags_pieces_sold_rejected_or_out_of_stock(client):
    vendor = approved_vendor()
    sold, rejected, short, fine = (buyable(vendor, title=t, stock=2) for t in ("Vândută", "Retrasă", "Puțină", "Bună"))
    for product in (sold, rejected, short, fine):
        client.post(reverse("add_to_cart", args=[product.pk]), {"quantity": 2 if product is short else 1})
    # Meanwhile one piece sells out, one is rejected, one drops to a single piece
    StoreProduct.objects.filter(pk=sold.pk).update(stock=0)
    Product.objects.filter(pk=rejected.pk).update(status="rejected", rejection_reason="Fals")
    StoreProduct.objects.filter(pk=short.pk).update(stock=1)
    page = client.get(reverse("cart"))
    problems = {line.product.title: line.problem for line in page.context["summary"].lines}
    assert problems["Bună"] == ""
    assert problems["Vândută"] and problems["Retrasă"] and problems["Puțină"]
    html = page.content.decode()
    assert "Vândut: această piesă nu mai este disponibilă." in html
    assert reverse("checkout") not in html  # no way on to checkout until they are removed
    assert page.context["summary"].items_total == fine.price


def test_adding_a_sold_piece_is_refused_with_a_message(client):
    product = buyable(approved_vendor(), stock=0)
    response = client.post(reverse("add_to_cart", args=[product.pk]), HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "unavailable"
    assert not CartItem.objects.exists()


def test_update_and_remove_quantities(client):
    product = buyable(approved_vendor(), stock=2)
    client.post(reverse("add_to_cart", args=[product.pk]))
    item = CartItem.objects.get()
    client.post(reverse("update_cart", args=[item.pk]), {"quantity": 2})
    assert CartItem.objects.get().quantity == 2
    client.post(reverse("update_cart", args=[item.pk]), {"quantity": 3})  # more than in stock
    assert CartItem.objects.get().quantity == 2
    client.post(reverse("remove_from_cart", args=[item.pk]))
    assert not CartItem.objects.exists()


def test_someone_elses_cart_item_cannot_be_removed(client):
    product = buyable(approved_vendor(), stock=2)
    other = cart_get(user=customer(), create=True)
    item = cart_add(cart=other, product_id=product.pk)
    client.post(reverse("add_to_cart", args=[product.pk]))
    client.post(reverse("remove_from_cart", args=[item.pk]))
    assert CartItem.objects.filter(pk=item.pk).exists()


def test_carts_untouched_for_30_days_are_cleaned_daily():
    vendor = approved_vendor()
    old, recent = cart_get(user=customer(), create=True), cart_get(user=customer(), create=True)
    cart_add(cart=old, product_id=buyable(vendor).pk)
    cart_add(cart=recent, product_id=buyable(vendor).pk)
    Cart.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    Cart.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(days=29))
    assert clean_expired_carts() == 1
    assert list(Cart.objects.all()) == [recent]
    assert CartItem.objects.count() == 1
