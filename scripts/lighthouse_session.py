"""A signed-in buyer for `make lighthouse`: the demo buyer Ana with one piece in her cart and a saved
address, signed in through Django's own login machinery (the session is stored where production
stores it; nothing in the product code knows about Lighthouse).

    DJANGO_SETTINGS_MODULE=scripts.lighthouse_settings python scripts/lighthouse_session.py <product id>
Prints two lines: <session cookie name>=<session key> (for Lighthouse's --extra-headers Cookie), then
the path of the first live auction's page. Needs `seed_demo` (the buyer), a piece that can be bought
and a live auction (`seed_auctions`).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from marketplace.auctions.models import Auction  # noqa: E402
from marketplace.customers.addresses import AddressDetails, address_save  # noqa: E402
from marketplace.orders.cart import cart_add, cart_get  # noqa: E402

BUYER = "ana@snobistic.ro"  # fixtures/demo_accounts.json


def main(product_id: int) -> tuple[str, str]:
    buyer = get_user_model().objects.filter(email=BUYER).first()
    if buyer is None:
        raise SystemExit(f"no demo buyer {BUYER}: run `manage.py seed_demo` first")
    address_save(user=buyer, details=AddressDetails(
        label="Acasă", name="Ana Georgescu", phone="0722123456", address="Str. Episcopiei 6", city="București",
        county="București", postal_code="010292"))
    cart = cart_get(user=buyer, create=True)
    cart.items.all().delete()  # the same single line on every run
    cart_add(cart=cart, product_id=product_id)
    client = Client()
    client.force_login(buyer)  # a real session in the session store, as a sign-in makes
    auction = Auction.objects.filter(status=Auction.Status.LIVE).order_by("pk").first()
    if auction is None:
        raise SystemExit("no live auction: run `manage.py seed_auctions` first")
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookie, reverse("auction_detail", args=[auction.pk])


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        raise SystemExit(__doc__)
    print("\n".join(main(int(sys.argv[1]))))
