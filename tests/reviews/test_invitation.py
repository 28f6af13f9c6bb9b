"""A completed order tells its buyer they may rate the shops: inbox and e-mail, once per order, with the link."""

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.notifications.kinds import PREFERENCES, channel_on
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notification_unsubscribe
from marketplace.notifications.unsubscribe import unsubscribe_token_read
from marketplace.orders.models import Order
from marketplace.orders.services import order_transition
from marketplace.reviews.services import review_create
from marketplace.reviews.tasks import review_invite_task
from tests.factories import approved_vendor, buyable, customer
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db
S = Order.Status


def ro_buyer():
    buyer = customer()
    buyer.profile.language = "ro"
    buyer.profile.save()
    return buyer


def complete(order, capture):
    with capture(execute=True):
        for status in (S.AWB_GENERATED, S.SHIPPED, S.DELIVERED, S.COMPLETED):
            order = order_transition(order=order, to_status=status, actor=None)
    return order


def invitations(user):
    return Notification.objects.filter(user=user, kind=NotificationKind.REVIEW_INVITED)


def test_completing_an_order_invites_the_buyer_to_rate_each_shop(django_capture_on_commit_callbacks):
    # given an order from two shops, delivered
    buyer = ro_buyer()
    first, second = approved_vendor(shop_name="Maison Ana"), approved_vendor(shop_name="Atelier Luca")
    order = place_order(buyer, [buyable(first, title="Geantă"), buyable(second, title="Eșarfă")])
    mail.outbox.clear()
    # when it completes
    complete(order, django_capture_on_commit_callbacks)
    # then one inbox row in Romanian links to the order's review page, naming both shops
    row = invitations(buyer).get()
    url = reverse("order_review", args=[order.pk])
    assert row.url == url
    assert row.title == f"Evaluați magazinul comenzii {order.number}"
    assert "Maison Ana" in row.body and "Atelier Luca" in row.body
    # and one e-mail with the absolute link and a one-click unsubscribe
    invite = [m for m in mail.outbox if m.subject == row.title]
    assert len(invite) == 1 and invite[0].to == [order.email]
    assert url in invite[0].body and "List-Unsubscribe" in invite[0].extra_headers


def test_the_invitation_is_sent_once_per_order_however_often_the_job_runs(django_capture_on_commit_callbacks):
    buyer = customer()
    order = complete(place_order(buyer, [buyable(approved_vendor())]), django_capture_on_commit_callbacks)
    assert invitations(buyer).count() == 1
    mail.outbox.clear()
    assert review_invite_task(order.pk) is False
    assert invitations(buyer).count() == 1 and mail.outbox == []


def test_no_invitation_before_completion_nor_once_every_shop_is_rated(django_capture_on_commit_callbacks):
    buyer = customer()
    order = place_order(buyer, [buyable(approved_vendor())])
    with django_capture_on_commit_callbacks(execute=True):
        order = order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
        order = order_transition(order=order, to_status=S.SHIPPED, actor=None)
        order = order_transition(order=order, to_status=S.DELIVERED, actor=None)
    assert review_invite_task(order.pk) is False and not invitations(buyer).exists()
    # completed, but (say the job was late) the buyer already rated the only shop: nothing to invite to
    order = order_transition(order=order, to_status=S.COMPLETED, actor=None)
    review_create(buyer=buyer, order=order, vendor=order.shipments.get().vendor_id, rating=5)
    assert review_invite_task(order.pk) is False and not invitations(buyer).exists()


def test_the_kind_defaults_to_inbox_and_email_and_its_email_can_be_unsubscribed(django_capture_on_commit_callbacks):
    kind = NotificationKind.REVIEW_INVITED
    assert {c for c in ("inbox", "push", "email", "sms") if channel_on({}, kind, c)} == {"inbox", "email"}
    assert PREFERENCES[kind].unsubscribe and not PREFERENCES[kind].locked
    # the buyer unsubscribes from the first invitation's e-mail: the next order's invitation reaches the inbox only
    buyer = customer()
    complete(place_order(buyer, [buyable(approved_vendor())]), django_capture_on_commit_callbacks)
    first = next(m for m in mail.outbox if m.to == [buyer.email] and "List-Unsubscribe" in m.extra_headers)
    token = first.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[-1]
    assert unsubscribe_token_read(token) is not None
    notification_unsubscribe(token=token)
    mail.outbox.clear()
    complete(place_order(buyer, [buyable(approved_vendor())]), django_capture_on_commit_callbacks)
    assert invitations(buyer).count() == 2
    assert not [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers and m.to == [buyer.email]]
