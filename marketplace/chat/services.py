"""Writes on conversations: start one, send a message, report one, mark a thread read, e-mail what stays unread.

Every write checks who asks through ``access.conversation_side``; a message is checked (length, photos like
listing photos), rate-limited per sender (its messages of the last minute, counted in the same query that asks
whether the reader was told and whether an order joins them), and masked (``masking.py``) while no order joins buyer and shop.
The other side hears of it at once (inbox and push, a job after commit; once per burst of unread messages) and by e-mail only if it is still
unread ``CHAT_UNREAD_EMAIL_MINUTES`` later (``message_unread_emails_send``, a periodic sweep).
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.errors import NotFound
from marketplace.common.jobs import enqueue_after_commit
from marketplace.orders.models import Order
from marketplace.products.images import ALLOWED_FORMATS, encode, validate_image_upload
from marketplace.products.models import Product
from marketplace.vendors.access import vendor_for_user

from .access import conversation_side
from .masking import mask_contact_details
from .models import Conversation, Message, MessagePhoto, MessageReport, Side
from .realtime import broadcast_conversation
from .selectors import message_payload, sending_facts

MAX_TEXT = 2000
RATE_PERIOD = 60  # seconds: CHAT_MESSAGES_PER_MINUTE counts the sender's messages of the last minute


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _require_buyer(buyer) -> None:
    if not getattr(buyer, "is_authenticated", False) or not buyer.is_active:
        raise ValidationError(_("Sign in to write to the seller."), code="login_required")


@transaction.atomic
def conversation_start(*, buyer, product: Product | None = None, order: Order | None = None, vendor=None) -> Conversation:
    """The buyer's conversation with a shop about ``product`` or ``order`` (the seed's ``chat_with_vendor``);
    the existing one when there is one (one per buyer, shop and product/order, a database constraint)."""
    _require_buyer(buyer)
    if order is not None:
        if order.buyer_id != buyer.pk:
            raise NotFound()
        shop_ids = list(order.shipments.values_list("vendor_id", flat=True))
        if vendor is None and len(shop_ids) == 1:
            vendor_id = shop_ids[0]
        elif vendor is not None and vendor.pk in shop_ids:
            vendor_id = vendor.pk
        else:
            raise ValidationError(_("Choose the shop of this order you want to write to."), code="invalid")
        product = None
    elif product is not None:
        if not Product.objects.public().filter(pk=product.pk).exists():
            raise NotFound()  # a draft, a listing under review or a rejected one: nobody may ask about it yet
        vendor_id = product.vendor_id
        if vendor is not None and vendor.pk != vendor_id:
            raise NotFound()
    else:
        raise ValidationError(_("A conversation is about a product or an order."), code="required")
    own = vendor_for_user(buyer)
    if own is not None and own.pk == vendor_id:
        raise ValidationError(_("This is your own shop."), code="own_shop")
    conversation, _created = Conversation.objects.get_or_create(
        buyer=buyer, vendor_id=vendor_id, product=product if order is None else None, order=order,
    )
    return conversation


def _check_photos(photos) -> list:
    photos = [p for p in (photos or []) if p]
    limit = _setting("CHAT_MAX_PHOTOS", 4)
    if len(photos) > limit:
        raise ValidationError(
            {"photos": [ValidationError(_("At most %(n)s photos per message.") % {"n": limit}, code="too_many_photos")]}
        )
    cleaned = []
    for upload in photos:
        try:
            cleaned.append(validate_image_upload(upload))  # the listing photos' checks: type, size, pixels, no EXIF
        except ValidationError as exc:
            raise ValidationError({"photos": [exc]}) from exc
    return cleaned


@transaction.atomic
def message_send(*, conversation: Conversation, sender, text: str = "", photos=(), broadcast: bool = True) -> Message:
    """Write a message into ``conversation`` as its buyer or its shop (the seed's ``send_message``).

    The sockets of the conversation get it after commit; ``broadcast=False`` leaves that to the caller (the
    websocket consumer sends ``message_payload(message)`` from its own event loop once this returns)."""
    side = conversation_side(conversation, sender)
    if side is None:
        raise NotFound()
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": [ValidationError(_("A message has at most %(n)s characters.") % {"n": MAX_TEXT}, code="max_length")]}
        )
    cleaned = _check_photos(photos)
    if not text and not cleaned:
        raise ValidationError({"text": [ValidationError(_("Write a message or add a photo."), code="required")]})
    recent, told, joined = sending_facts(
        conversation=conversation, sender_id=sender.pk, side=side, since=timezone.now() - timedelta(seconds=RATE_PERIOD)
    )
    # At most CHAT_MESSAGES_PER_MINUTE messages per sender in any minute (its own messages, all conversations).
    if recent >= _setting("CHAT_MESSAGES_PER_MINUTE", 20):
        raise ValidationError(
            _("You are sending messages too quickly. Wait a minute, then try again."), code="chat_rate_limited"
        )
    message = Message(conversation=conversation, sender=sender, sender_side=side, text=text)
    if text and not joined:
        masked = mask_contact_details(text)
        if masked.masked:
            message.text, message.original_text = masked.text, text
            message.masked, message.masked_kinds = True, list(masked.kinds)
    message.save()
    photo_urls = []
    for image in cleaned:
        photo = MessagePhoto(message=message)
        photo.image.save(f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image.format]}", ContentFile(encode(image, image.format)), save=False)
        photo.save()
        photo_urls.append(photo.image.url)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at, updated_at=timezone.now())
    conversation.last_message_at = message.created_at
    if broadcast:
        payload = message_payload(message, photos=photo_urls)
        transaction.on_commit(lambda: broadcast_conversation(conversation.pk, "message", payload))
    # One notice per burst: while an earlier message of this side is still unread, its reader was already told.
    if not told:
        enqueue_after_commit("marketplace.chat.tasks.message_notify_task", message.pk)  # inbox and push at once
    return message


@transaction.atomic
def conversation_mark_read(
    *, conversation: Conversation, reader, broadcast: bool = True, now: datetime | None = None
) -> int:
    """Mark the other side's messages read for ``reader`` at ``now`` (the read receipts they see); how many were
    unread. ``broadcast=False``: the caller sends the receipt (``read_receipt``) itself, as for ``message_send``."""
    side = conversation_side(conversation, reader)
    if side is None:
        raise NotFound()
    other = Side.VENDOR if side == Side.BUYER else Side.BUYER
    now = now or timezone.now()
    count = conversation.messages.filter(sender_side=other, read_at__isnull=True).update(read_at=now)
    if count and broadcast:
        payload = read_receipt(side, now)
        transaction.on_commit(lambda: broadcast_conversation(conversation.pk, "read", payload))
    return count


def read_receipt(reader_side: str, read_at: datetime) -> dict:
    """What the sockets of a conversation are told when ``reader_side`` has read the other side's messages."""
    return {"reader": reader_side, "read_at": read_at.isoformat()}


@transaction.atomic
def message_report(*, message: Message, reporter, reason: str, note: str = "") -> MessageReport:
    """A participant reports a message of the other side; staff see it with the conversation."""
    side = conversation_side(message.conversation, reporter)
    if side is None:
        raise NotFound()
    if message.sender_side == side:
        raise ValidationError(_("You cannot report your own message."), code="own_message")
    if reason not in MessageReport.Reason.values:
        raise ValidationError({"reason": [ValidationError(_("Choose a reason."), code="invalid_choice")]})
    report, created = MessageReport.objects.get_or_create(
        message=message, reporter=reporter, defaults={"reason": reason, "note": (note or "").strip()[:500]},
    )
    if not created:
        raise ValidationError(_("You have already reported this message."), code="already_reported")
    return report


def message_unread_emails_send(*, now: datetime | None = None) -> int:
    """E-mail each reader about the messages still unread ``CHAT_UNREAD_EMAIL_MINUTES`` after they arrived:
    one e-mail per conversation and side, each message e-mailed at most once. Returns how many e-mails left."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=_setting("CHAT_UNREAD_EMAIL_MINUTES", 15))
    due = (
        Message.objects.filter(read_at__isnull=True, emailed_at__isnull=True, created_at__lte=cutoff)
        .values_list("conversation_id", "sender_side")
        .distinct()
    )
    sent = 0
    for conversation_id, sender_side in list(due):
        with transaction.atomic():
            claimed = list(
                Message.objects.select_for_update()
                .filter(
                    conversation_id=conversation_id, sender_side=sender_side, read_at__isnull=True,
                    emailed_at__isnull=True, created_at__lte=cutoff,
                )
                .values_list("pk", flat=True)
            )
            if not claimed:
                continue
            Message.objects.filter(pk__in=claimed).update(emailed_at=now)
            enqueue_after_commit("marketplace.chat.tasks.message_unread_email_task", claimed)
            sent += 1
    return sent
