"""The buyer's lists through their services, and the price-drop alert job."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from marketplace.customers import services, tasks
from marketplace.customers.models import WishlistItem
from marketplace.notifications.models import Notification
from tests.factories import approved_vendor, customer, store_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    return store_product(approved_vendor(), status="validated", title="Lady Dior", price="5000.00")


def test_only_public_pieces_can_be_kept(piece):
    buyer = customer()
    draft = store_product(piece.vendor, status="pending")
    with pytest.raises(ValidationError):
        services.favorite_toggle(user=buyer, product=draft)
    with pytest.raises(ValidationError):
        services.wishlist_add(user=buyer, product=draft)
    assert services.favorite_toggle(user=buyer, product=piece) is not None
    assert services.favorite_toggle(user=buyer, product=piece) is None


def test_price_drop_alert_is_sent_once_per_lower_price(piece):
    buyer = customer()
    services.wishlist_add(user=buyer, product=piece)
    assert tasks.wishlist_price_drop_sweep() == 0  # no drop yet
    piece.price = "4500.00"
    piece.save()
    # when the sweep runs (jobs run inline in tests), the buyer gets one e-mail
    assert tasks.wishlist_price_drop_sweep() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [buyer.email]
    assert "4.500,00 lei" in mail.outbox[0].body and "5.000,00 lei" in mail.outbox[0].body  # Romanian by default
    # ... and finds it in the notifications inbox (pushed to their phones when they subscribed)
    [note] = Notification.objects.filter(user=buyer)
    assert note.kind == "price_drop" and note.url == f"/products/{piece.pk}/" and "4.500,00 lei" in note.body
    # running it again, or the alert job twice, tells nobody anything new
    assert tasks.wishlist_price_drop_sweep() == 0
    assert tasks.wishlist_price_drop_alert(WishlistItem.objects.get().pk) is False
    assert len(mail.outbox) == 1
    # a further drop is news again
    piece.price = "4000.00"
    piece.save()
    assert tasks.wishlist_price_drop_sweep() == 1 and len(mail.outbox) == 2
    assert Notification.objects.filter(user=buyer).count() == 2


def test_buyer_who_turned_alerts_off_hears_nothing(piece):
    item = services.wishlist_add(user=customer(), product=piece)
    services.wishlist_set_alert(item=item, enabled=False)
    piece.price = "100.00"
    piece.save()
    assert tasks.wishlist_price_drop_sweep() == 0 and mail.outbox == []
    assert not Notification.objects.exists()
