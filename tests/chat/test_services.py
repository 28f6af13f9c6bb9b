"""Conversations through their services: one per buyer/shop/product, access per side, masking until an order,
the rate limit, reports, read receipts, unread counts in constant queries, and the e-mail 15 minutes later."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from marketplace.chat.models import Conversation, Message, MessageReport, Side
from marketplace.chat.selectors import (
    conversation_list_for_buyer,
    conversation_list_for_vendor,
    unread_count_for_buyer,
    unread_count_for_vendor,
)
from marketplace.chat.services import (
    conversation_mark_read,
    conversation_start,
    message_report,
    message_send,
    message_unread_emails_send,
)
from marketplace.common.errors import NotFound
from marketplace.notifications.models import Notification
from marketplace.orders.lifecycle import order_cancel
from marketplace.vendors.services import vendor_suspend
from tests.factories import buyable, jpeg_bytes, store_product
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


def test_one_conversation_per_buyer_shop_and_piece(buyer, piece, shop):
    first = conversation_start(buyer=buyer, product=piece)
    again = conversation_start(buyer=buyer, product=piece)
    assert first.pk == again.pk and first.vendor == shop
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(buyer=buyer, vendor=shop, product=piece)


def test_one_conversation_per_order_and_the_order_must_be_the_buyers(buyer, other_buyer, piece):
    order = place_order(buyer, [piece])
    by_order = conversation_start(buyer=buyer, order=order)
    assert conversation_start(buyer=buyer, order=order).pk == by_order.pk
    assert by_order.product is None and by_order.order == order
    with pytest.raises(NotFound):
        conversation_start(buyer=other_buyer, order=order)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(buyer=buyer, vendor=piece.vendor, order=order)


def test_no_conversation_about_an_unpublished_piece_or_with_ones_own_shop(buyer, shop):
    with pytest.raises(NotFound):
        conversation_start(buyer=buyer, product=store_product(shop, status="pending"))
    own = buyable(shop)
    with pytest.raises(ValidationError) as refused:
        conversation_start(buyer=shop.user, product=own)
    assert refused.value.code == "own_shop"


def test_only_the_buyer_and_the_shop_write_and_read(conversation, buyer, other_buyer, shop, other_shop):
    assert message_send(conversation=conversation, sender=buyer, text="Mai este disponibilă?").sender_side == Side.BUYER
    assert message_send(conversation=conversation, sender=shop.user, text="Da.").sender_side == Side.VENDOR
    for stranger in (other_buyer, other_shop.user):
        with pytest.raises(NotFound):
            message_send(conversation=conversation, sender=stranger, text="Bună")
        with pytest.raises(NotFound):
            conversation_mark_read(conversation=conversation, reader=stranger)
    assert conversation.messages.count() == 2


def test_a_suspended_shop_no_longer_answers(conversation, shop):
    vendor_suspend(vendor=shop, actor=None, reason="Reclamații")
    shop.user.refresh_from_db()
    with pytest.raises(NotFound):
        message_send(conversation=conversation, sender=shop.user, text="Bună")


def test_contact_details_are_masked_before_an_order_and_pass_after(conversation, buyer, shop, piece):
    before = message_send(conversation=conversation, sender=shop.user, text="Sunați-mă: 0722 123 456, revolut.me/ana")
    assert before.masked and "0722" not in before.text and "revolut" not in before.text
    assert before.original_text == "Sunați-mă: 0722 123 456, revolut.me/ana"
    assert set(before.masked_kinds) == {"phone", "link"}
    plain = message_send(conversation=conversation, sender=buyer, text="Mulțumesc, o comand.")
    assert not plain.masked and plain.original_text == ""

    place_order(buyer, [piece])
    after = message_send(conversation=conversation, sender=shop.user, text="Curierul vă sună la 0722 123 456")
    assert not after.masked and after.text == "Curierul vă sună la 0722 123 456"


def test_a_cancelled_order_does_not_unmask(conversation, buyer, shop, piece):
    order = place_order(buyer, [piece])
    order_cancel(order=order, actor=None, reason="Răzgândit")
    assert message_send(conversation=conversation, sender=shop.user, text="ana@example.ro").masked


def test_sending_too_quickly_is_refused_with_its_own_code(conversation, other_piece, buyer, shop, settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 3
    start = timezone.now()
    elsewhere = conversation_start(buyer=buyer, product=other_piece)
    with time_machine.travel(start, tick=False):
        message_send(conversation=conversation, sender=buyer, text="Întrebarea 0")
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        message_send(conversation=conversation, sender=buyer, text="Întrebarea 1")
        message_send(conversation=elsewhere, sender=buyer, text="Întrebarea 2")  # every conversation counts
        message_send(conversation=conversation, sender=shop.user, text="Răspuns")  # the other side has its own
        with pytest.raises(ValidationError) as refused:
            message_send(conversation=conversation, sender=buyer, text="Încă una")
    assert refused.value.code == "chat_rate_limited"
    assert Message.objects.filter(sender=buyer).count() == 3
    with time_machine.travel(start + timedelta(seconds=61), tick=False):  # the first left the last minute
        message_send(conversation=conversation, sender=buyer, text="După un minut")
        with pytest.raises(ValidationError):
            message_send(conversation=conversation, sender=buyer, text="Și încă una")


def test_empty_and_too_long_messages_are_refused(conversation, buyer):
    with pytest.raises(ValidationError) as empty:
        message_send(conversation=conversation, sender=buyer, text="   ")
    assert empty.value.error_dict["text"][0].code == "required"
    with pytest.raises(ValidationError):
        message_send(conversation=conversation, sender=buyer, text="a" * 2001)


def test_photos_are_checked_like_listing_photos(conversation, buyer):
    photo = SimpleUploadedFile("geanta.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    message = message_send(conversation=conversation, sender=buyer, photos=[photo])
    stored = message.photos.get()
    with stored.image.open("rb"), Image.open(stored.image) as image:
        assert not image.getexif()  # no GPS position leaves with it
    not_a_photo = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        message_send(conversation=conversation, sender=buyer, photos=[not_a_photo])
    assert refused.value.error_dict["photos"][0].code == "not_image"


def test_a_participant_reports_the_other_sides_message_once(conversation, buyer, shop, other_buyer):
    message = message_send(conversation=conversation, sender=shop.user, text="Plătiți-mi direct, e mai ieftin")
    report = message_report(message=message, reporter=buyer, reason="off_platform", note="vrea bani în afara site-ului")
    assert report.reason == MessageReport.Reason.OFF_PLATFORM
    with pytest.raises(ValidationError) as twice:
        message_report(message=message, reporter=buyer, reason="spam")
    assert twice.value.code == "already_reported"
    with pytest.raises(NotFound):
        message_report(message=message, reporter=other_buyer, reason="spam")
    own = message_send(conversation=conversation, sender=buyer, text="Nu, mulțumesc")
    with pytest.raises(ValidationError) as refused:
        message_report(message=own, reporter=buyer, reason="spam")
    assert refused.value.code == "own_message"


def test_read_receipts_and_unread_counts(conversation, buyer, shop, piece, other_piece):
    message_send(conversation=conversation, sender=buyer, text="Bună ziua")
    message_send(conversation=conversation, sender=buyer, text="Mai este?")
    assert unread_count_for_vendor(vendor=shop) == 2 and unread_count_for_buyer(user=buyer) == 0
    assert conversation_mark_read(conversation=conversation, reader=shop.user) == 2
    assert unread_count_for_vendor(vendor=shop) == 0
    assert all(m.read_at for m in conversation.messages.all())
    message_send(conversation=conversation, sender=shop.user, text="Da")
    assert unread_count_for_buyer(user=buyer) == 1


def test_a_new_message_reaches_the_other_sides_inbox_at_once_and_no_email_yet(
    conversation, buyer, shop, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message_send(conversation=conversation, sender=buyer, text="Are cutia originală?")
    notice = Notification.objects.get(user=shop.user)
    assert notice.kind == "message" and "Are cutia originală?" in notice.body
    assert notice.url == f"/vendors/chat/{conversation.pk}/"
    assert mail.outbox == []
    # one notice per burst: the next lines while the first is unread are not pushed again; after reading, they are
    with django_capture_on_commit_callbacks(execute=True):
        message_send(conversation=conversation, sender=buyer, text="Și husa de praf?")
    assert Notification.objects.filter(user=shop.user).count() == 1
    conversation_mark_read(conversation=conversation, reader=shop.user)
    with django_capture_on_commit_callbacks(execute=True):
        message_send(conversation=conversation, sender=buyer, text="Mulțumesc!")
    assert Notification.objects.filter(user=shop.user).count() == 2


def test_still_unread_after_fifteen_minutes_the_reader_gets_one_email(
    conversation, buyer, shop, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message_send(conversation=conversation, sender=shop.user, text="Da, cu cutie și factură")
        message_send(conversation=conversation, sender=shop.user, text="Vă pot trimite poze")
    mail.outbox.clear()
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert message_unread_emails_send() == 0
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert message_unread_emails_send() == 1
        assert message_unread_emails_send() == 0  # each message is e-mailed once
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [buyer.email] and "Maison Ana" in email.subject
    assert "Da, cu cutie și factură" in email.body and "Vă pot trimite poze" in email.body
    assert f"/chat/{conversation.pk}/" in email.body


def test_read_in_time_no_email(conversation, buyer, shop):
    mail.outbox.clear()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message_send(conversation=conversation, sender=shop.user, text="Da")
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        conversation_mark_read(conversation=conversation, reader=buyer)
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert message_unread_emails_send() == 0
    assert mail.outbox == []


def test_lists_and_unread_counts_cost_the_same_queries_for_one_and_many(
    buyer, shop, piece, django_assert_num_queries, settings
):
    settings.CHAT_MESSAGES_PER_MINUTE = 100  # the rate limit counts real senders, not a test's loop
    def converse(n):
        for i in range(n):
            product = buyable(shop, title=f"Piesa {i}")
            conversation = conversation_start(buyer=buyer, product=product)
            message_send(conversation=conversation, sender=shop.user, text=f"Răspuns {i}")

    converse(1)
    with django_assert_num_queries(1):
        rows = list(conversation_list_for_buyer(user=buyer))
    assert rows[0].unread == 1 and rows[0].last_text == "Răspuns 0"
    with django_assert_num_queries(1):
        assert unread_count_for_buyer(user=buyer) == 1
    converse(30)
    with django_assert_num_queries(1):
        rows = list(conversation_list_for_buyer(user=buyer))
    assert len(rows) == 31 and sum(r.unread for r in rows) == 31
    with django_assert_num_queries(1):
        assert unread_count_for_buyer(user=buyer) == 31
    with django_assert_num_queries(1):
        assert len(list(conversation_list_for_vendor(vendor=shop))) == 31
    with django_assert_num_queries(1):
        assert unread_count_for_vendor(vendor=shop) == 0


def test_unread_counts_are_per_person(conversation, buyer, other_buyer, shop, other_shop):
    message_send(conversation=conversation, sender=shop.user, text="Da")
    assert unread_count_for_buyer(user=other_buyer) == 0 and unread_count_for_vendor(vendor=other_shop) == 0
    assert Message.objects.count() == 1
