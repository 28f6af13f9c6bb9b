"""Telling the other side of a conversation: at once (inbox and push), and by e-mail when still unread.

The first unread message of a burst is told by a job queued after commit (``tasks.message_notify_task``); the
messages that follow it while it is unread are not told again (one push per burst, not one per line). The
e-mail, 15 minutes later, is a job claimed by ``services.message_unread_emails_send``.
"""

import logging

from django.urls import reverse

from marketplace.notifications.email import email_language
from marketplace.notifications.services import notify, notify_email

from .models import Conversation, Message, Side

logger = logging.getLogger(__name__)


def recipient_and_url(conversation: Conversation, sender_side: str):
    if sender_side == Side.VENDOR:
        return conversation.buyer, reverse("conversation_detail", args=[conversation.pk])
    return conversation.vendor.user, reverse("vendor_chat_thread", args=[conversation.pk])


def _context(conversation: Conversation, message: Message, messages: list[Message]) -> dict:
    about = conversation.order.number if conversation.order_id else (conversation.product.title if conversation.product_id else "")
    return {
        "conversation": conversation,
        "message": message,
        "messages": messages,
        "from_shop": message.sender_side == Side.VENDOR,
        "shop": conversation.vendor.shop_name,
        "about": about,
    }


def message_notify(message_id: int) -> bool:
    """The other side's inbox and push for one new message; never raises (the message is already saved)."""
    try:
        message = (
            Message.objects.select_related(
                "conversation__buyer__profile", "conversation__vendor__user__profile", "conversation__product",
                "conversation__order",
            )
            .filter(pk=message_id, read_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        conversation = message.conversation
        recipient, url = recipient_and_url(conversation, message.sender_side)
        notify(recipient, "message", _context(conversation, message, [message]), url=url)
        return True
    except Exception:  # a failed notice must not turn a sent message into an error for its sender
        logger.exception("message %s: notice failed", message_id)
        return False


def unread_messages_email(message_ids: list[int]) -> bool:
    """One e-mail about messages still unread after the delay (claimed by the sweep, so sent once)."""
    messages = list(
        Message.objects.select_related(
            "conversation__buyer", "conversation__vendor__user", "conversation__product", "conversation__order"
        )
        .filter(pk__in=message_ids, read_at__isnull=True)
        .order_by("created_at", "pk")
    )
    if not messages:
        return False
    last = messages[-1]
    recipient, url = recipient_and_url(last.conversation, last.sender_side)
    if not recipient.email:
        return False
    context = {**_context(last.conversation, last, messages), "url": url}
    # Their preferences decide (Messages × e-mail), and the e-mail carries a one-click unsubscribe.
    return bool(notify_email(recipient.email, "message", context, language=email_language(user=recipient), user=recipient))
