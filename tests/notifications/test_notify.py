"""notify(user, kind, context): one call tells a person through the inbox, Web Push and e-mail,
every part written from templates/notifications/<kind>/ in that person's language."""

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.auctions.tasks import notify_auction_closed, notify_outbid, notify_second_chance
from marketplace.common import jobs
from marketplace.customers import services as wishlist
from marketplace.customers import tasks as wishlist_tasks
from marketplace.notifications.models import Notification
from marketplace.notifications.services import notify, notify_email, push_subscription_save
from marketplace.orders.tasks import notify_order
from marketplace.products.models import StoreProduct
from marketplace.products.tasks import notify_listing_reviewed
from tests.factories import approved_vendor, customer, live_auction, store_product
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


def speaks(user, language):
    user.profile.language = language
    user.profile.save()
    return user


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def inbox(user, kind):
    return Notification.objects.get(user=user, kind=kind)


@pytest.fixture
def queued(monkeypatch, django_capture_on_commit_callbacks):
    """The jobs queued after commit (push jobs), recorded instead of run."""
    calls = []
    monkeypatch.setattr(jobs, "async_task", lambda path, *args, **kwargs: calls.append((path, args)))
    return calls


@pytest.mark.parametrize(("language", "subject", "line"), [
    ("ro", "Comanda {number} este plătită", "Am primit plata"),
    ("en", "Order {number} is paid", "We received your payment"),
])
def test_an_order_notice_reaches_buyer_and_vendor_in_each_ones_language(language, subject, line):
    vendor, buyer = approved_vendor(), speaks(customer(), language)
    speaks(vendor.user, "en" if language == "ro" else "ro")
    order = place_order(buyer, [store_product(vendor, status="validated", title="Speedy 25")])
    mail.outbox.clear()
    assert notify_order(order.pk, "paid") == 2
    message = mail_to(buyer)
    assert message.subject == subject.format(number=order.number) and line in message.body
    assert message.extra_headers["Content-Language"] == language and "Speedy 25" in message.alternatives[0][0]
    row = inbox(buyer, "order")
    assert row.title == message.subject and line in row.body and row.url == reverse("order_detail", args=[order.pk])
    # the vendor reads it in their own language, in the mailbox and in the inbox
    vendor_mail, vendor_row = mail_to(vendor.user), inbox(vendor.user, "shop_order")
    assert vendor_mail.extra_headers["Content-Language"] != language and vendor_row.title == vendor_mail.subject


@pytest.mark.parametrize(("language", "live", "rejected"), [
    ("ro", "Anunțul dumneavoastră este public: Kelly 28", "Motiv:"),
    ("en", "Your listing is live: Kelly 28", "Reason:"),
])
def test_the_listing_review_is_told_in_the_vendors_language(language, live, rejected):
    vendor = approved_vendor()
    speaks(vendor.user, language)
    product = store_product(vendor, status="validated", title="Kelly 28")
    assert notify_listing_reviewed(product.pk)
    assert mail_to(vendor.user).subject == live == inbox(vendor.user, "listing_reviewed").title
    rejected_piece = store_product(vendor, status="rejected", title="Kelly 32")
    StoreProduct.objects.filter(pk=rejected_piece.pk).update(rejection_reason="Fotografiile nu arată seria.")
    Notification.objects.all().delete()
    mail.outbox.clear()
    assert notify_listing_reviewed(rejected_piece.pk)
    row = inbox(vendor.user, "listing_reviewed")
    assert row.body == f"{rejected} Fotografiile nu arată seria." and "Fotografiile nu arată seria." in mail_to(vendor.user).body


@pytest.mark.parametrize(("language", "subject", "line"), [
    ("ro", "Oferta dvs. a fost depășită: ", "Prețul este acum 210,00 lei."),
    ("en", "You have been outbid: ", "The price is now 210,00 lei."),
])
def test_auction_notices_follow_the_bidders_language(language, subject, line):
    auction, ana = live_auction(), speaks(customer(), language)
    assert notify_outbid(auction.pk, ana.pk, "210.00")
    row, message = inbox(ana, "outbid"), mail_to(ana)
    assert message.subject == row.title == subject + auction.product.title
    assert row.body.startswith(line) and row.url == f"/auctions/{auction.pk}/"
    assert "&quot;" not in message.body  # a title is written as typed in the plain-text part


def test_a_closed_auction_tells_the_vendor_and_the_winner_and_a_second_chance_the_next_bidder():
    from marketplace.auctions.models import Auction

    auction = live_auction()
    ana, mihai = speaks(customer(), "en"), customer()
    Auction.objects.filter(pk=auction.pk).update(
        status=Auction.Status.ENDED, result=Auction.Result.SOLD, winner=ana, winning_price="310.00")
    assert notify_auction_closed(auction.pk) == 2
    assert inbox(ana, "auction_won").body == "Pay 310,00 lei from your orders before the deadline."
    assert mail_to(ana).subject == f"You won the auction: {auction.product.title}"
    assert mail_to(auction.vendor.user).subject == f"Licitația dvs. s-a încheiat: {auction.product.title}"
    assert inbox(auction.vendor.user, "auction_closed")
    Auction.objects.filter(pk=auction.pk).update(winner=mihai)
    mail.outbox.clear()
    assert notify_second_chance(auction.pk, mihai.pk)
    assert mail_to(mihai).subject == f"Lotul poate fi al dvs.: {auction.product.title}"
    assert Notification.objects.filter(user=mihai, kind="auction_won").count() == 1


def test_a_price_drop_is_told_in_english_to_an_english_reader():
    vendor = approved_vendor()
    piece = store_product(vendor, status="validated", price="5000.00", title="Lady Dior")
    buyer = speaks(customer(), "en")
    wishlist.wishlist_add(user=buyer, product=piece)
    type(piece).objects.filter(pk=piece.pk).update(price="4500.00")
    assert wishlist_tasks.wishlist_price_drop_sweep() == 1
    row, message = inbox(buyer, "price_drop"), mail_to(buyer)
    assert row.title == message.subject == "Price drop: Lady Dior"
    assert row.body == "Now 4.500,00 lei (was 5.000,00 lei)."


def test_security_e_mails_never_reach_the_inbox(settings):
    from marketplace.accounts.services import account_password_reset_send

    user = speaks(customer(), "en")
    assert account_password_reset_send(user_id=user.pk) == 1
    message = mail_to(user)
    assert message.subject == f"Choose a new {settings.SITE_NAME} password" and settings.SITE_URL in message.body
    assert "<a " in message.alternatives[0][0]  # the kind's own HTML body, with its button
    assert not Notification.objects.filter(user=user).exists()


def test_push_is_attempted_for_a_subscribed_reader(queued, django_capture_on_commit_callbacks):
    buyer = customer()
    push_subscription_save(user=buyer, endpoint="https://fcm.googleapis.com/fcm/send/abc", p256dh="k" * 20, auth="a" * 16)
    auction = live_auction()
    with django_capture_on_commit_callbacks(execute=True):
        notify_outbid(auction.pk, buyer.pk, "210.00")
    row = inbox(buyer, "outbid")
    assert queued == [("marketplace.notifications.tasks.push_notification", (row.pk,))]
    # a reader with no browser subscribed gets the inbox row and the e-mail, and no push job
    other = customer()
    with django_capture_on_commit_callbacks(execute=True):
        notify_outbid(auction.pk, other.pk, "220.00")
    assert inbox(other, "outbid") and len(queued) == 1


@pytest.mark.parametrize(("language", "subject"), [("ro", "Comanda {n} a fost primită"), ("en", "Order {n} received")])
def test_a_guest_gets_the_e_mail_part_only_in_the_language_given(language, subject):
    vendor, buyer = approved_vendor(), customer()
    order = place_order(buyer, [store_product(vendor, status="validated")])
    Notification.objects.all().delete()
    mail.outbox.clear()
    assert notify_email("guest@example.ro", "order", {"order": order, "event": "placed"}, language=language) == 1
    [message] = mail.outbox
    assert message.to == ["guest@example.ro"] and message.subject == subject.format(n=order.number)
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(KeyError):
        notify(customer(), "no_such_kind", {})
