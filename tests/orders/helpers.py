"""Shared steps of the order tests."""

from marketplace.orders.services import cart_add, cart_get, checkout_place
from tests.factories import checkout_details


def place_order(buyer, products, **details):
    """The buyer puts ``products`` in the cart and checks out (cash on delivery unless told)."""
    cart = cart_get(user=buyer, create=True)
    for product in products:
        cart_add(cart=cart, product_id=product.pk)
    vendors = {p.vendor.pk: p.vendor for p in products}.values()
    return checkout_place(buyer=buyer, cart=cart, details=checkout_details(list(vendors), **details))
