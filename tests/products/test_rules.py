""""Is this piece on sale?" is one rule (marketplace/products/rules.py): the cart, the catalogue,
the wishlist, the price-drop alerts and the product presenters all give the same answer."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.customers.catalogue import CatalogueFilters, catalogue_page, public_product
from marketplace.customers.selectors import wishlist_items_to_alert
from marketplace.customers.services import wishlist_add
from marketplace.orders.cart import cart_add, cart_get
from marketplace.products.models import Product, StoreProduct
from marketplace.products.rules import product_unavailable_reason
from storefront.presenters import product_detail
from tests.factories import approved_vendor, buyable, customer, store_product

pytestmark = pytest.mark.django_db


def refusals(piece, buyer):
    """What the cart and the wishlist say when asked for ``piece`` (None: accepted)."""
    said = {}
    for door, attempt in (
        ("cart", lambda: cart_add(cart=cart_get(user=buyer, create=True), product_id=piece.pk)),
        ("wishlist", lambda: wishlist_add(user=buyer, product=Product.objects.get(pk=piece.pk))),
    ):
        try:
            attempt()
            said[door] = None
        except ValidationError as error:
            said[door] = (error.code, error.messages[0])
    return said


def in_catalogue(piece) -> bool:
    return piece.pk in {p.pk for p in catalogue_page(filters=CatalogueFilters()).items}


@pytest.mark.parametrize(("status", "stock", "message"), [
    ("pending", 1, "This piece is not on sale right now."),
    ("draft", 1, "This piece is not on sale right now."),
    ("rejected", 1, "This piece was withdrawn from sale."),
    ("validated", 0, "Sold: this piece is no longer available."),
])
def test_a_piece_not_on_sale_is_refused_identically_everywhere(status, stock, message):
    vendor, buyer = approved_vendor(), customer()
    piece = buyable(vendor, stock=stock)
    StoreProduct.objects.filter(pk=piece.pk).update(status=status, rejection_reason="x" if status == "rejected" else "")
    piece.refresh_from_db()
    with translation.override("en"):
        assert product_unavailable_reason(piece) == message
        # cart and wishlist refuse with the same code and the same words
        assert refusals(piece, buyer) == {"cart": ("unavailable", message), "wishlist": ("unavailable", message)}
    # the catalogue lists only what can be bought; the alerts never point at it
    assert not in_catalogue(piece)
    assert not wishlist_items_to_alert().filter(product=piece).exists()
    assert not StoreProduct.objects.on_sale().filter(pk=piece.pk).exists()
    assert not Product.objects.on_sale().filter(pk=piece.pk).exists()


def test_a_piece_on_sale_is_accepted_identically_everywhere():
    vendor, buyer = approved_vendor(), customer()
    piece = buyable(vendor, stock=2)
    assert product_unavailable_reason(piece) == ""
    assert refusals(piece, buyer) == {"cart": None, "wishlist": None}
    assert in_catalogue(piece) and StoreProduct.objects.on_sale().filter(pk=piece.pk).exists()
    assert product_detail(public_product(pk=piece.pk))["in_stock"] is True


def test_a_sold_piece_stays_visible_but_is_shown_out_of_stock():
    # Public (its page opens) is not the same as on sale (it can be bought)
    piece = buyable(approved_vendor(), stock=0)
    assert StoreProduct.objects.public().filter(pk=piece.pk).exists()
    assert product_detail(public_product(pk=piece.pk))["in_stock"] is False


def test_an_unpublished_piece_has_no_public_page():
    piece = store_product(approved_vendor(), status="pending")
    with pytest.raises(StoreProduct.DoesNotExist):
        public_product(pk=piece.pk)
