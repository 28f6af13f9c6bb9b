"""Every e-mail the platform sends comes in the same branded layout, HTML and plain text, in its reader's language."""

import pytest
from django.core import mail

from marketplace.orders.tasks import notify_order
from marketplace.products.tasks import notify_listing_reviewed
from tests.factories import approved_vendor, customer, store_product
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "SNOBISTIC"
    settings.SITE_URL = "https://snobistic.ro"


def _branded(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    for text in (message.body, html):
        assert "SNOBISTIC" in text and "https://snobistic.ro" in text
        assert "127.0.0.1" not in text and "testserver" not in text
    return html


def test_order_e_mails_are_branded_and_each_reader_gets_their_own_language():
    vendor, buyer = approved_vendor(shop_name="Maison Test"), customer()
    buyer.profile.language = "en"
    buyer.profile.save()
    order = place_order(buyer, [store_product(vendor, status="validated", title="Speedy 25")])
    mail.outbox.clear()
    assert notify_order(order.pk, "placed") == 2
    to_buyer, to_vendor = (next(m for m in mail.outbox if m.to == [who.email]) for who in (buyer, vendor.user))
    assert to_buyer.subject == f"Order {order.number} received"
    assert to_vendor.subject == f"Comanda {order.number} a fost primită"
    assert to_buyer.extra_headers["Content-Language"] == "en" and to_vendor.extra_headers["Content-Language"] == "ro"
    for message in (to_buyer, to_vendor):
        assert "Speedy 25" in message.body and "Speedy 25" in _branded(message)


def test_the_listing_review_e_mail_is_branded():
    vendor = approved_vendor()
    product = store_product(vendor, status="validated", title="Kelly 28")
    mail.outbox.clear()
    assert notify_listing_reviewed(product.pk)
    [message] = mail.outbox
    assert "Kelly 28" in message.subject and "Kelly 28" in _branded(message)
