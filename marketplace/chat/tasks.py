"""django-q2 jobs of the conversations context. Each takes ids and is safe to run twice."""

from django.urls import reverse

from marketplace.notifications.email import email_language
from marketplace.notifications.services import notify, notify_email

from .models import Message, Side
from .services import message_unread_emails_send


def _recipient_and_url(message: Message):
    conversation = message.conversation
    if message.sender_side == Side.VENDOR:
        return conversation.buyer, reverse("conversation_detail", args=[conversation.pk])
    return conversation.vendor.user, reverse("vendor_chat_thread", args=[conversation.pk])


def _context(message: Message, messages: list[Message]) -> dict:
    conversation = message.conversation
    return {
        "conversation": conversation,
        "message": message,
        "messages": messages,
        "from_shop": message.sender_side == Side.VENDOR,
        "shop": conversation.vendor.shop_name,
        "about": conversation.order.number if conversation.order_id else (conversation.product.title if conversation.product else ""),
    }


def message_notify_task(message_id: int) -> bool:
    """At once: the other side's inbox and push (no e-mail yet, see ``unread_message_email_sweep``)."""
    message = (
        Message.objects.select_related("conversation__buyer", "conversation__vendor__user", "conversation__product", "conversation__order")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.read_at is not None:
        return False
    recipient, url = _recipient_and_url(message)
    notify(recipient, "message", _context(message, [message]), url=url)
    return True


def message_unread_email_task(message_ids: list[int]) -> bool:
    """The e-mail about messages still unread after the delay (claimed by the sweep, so sent once)."""
    messages = list(
        Message.objects.select_related("conversation__buyer", "conversation__vendor__user", "conversation__product", "conversation__order")
        .filter(pk__in=message_ids, read_at__isnull=True)
        .order_by("created_at", "pk")
    )
    if not messages:
        return False
    last = messages[-1]
    recipient, url = _recipient_and_url(last)
    if not recipient.email:
        return False
    context = {**_context(last, messages), "url": url, "email": True}
    notify_email(recipient.email, "message", context, language=email_language(user=recipient))
    return True


def unread_message_email_sweep() -> int:
    """Every minute: e-mail the messages still unread 15 minutes after they arrived."""
    return message_unread_emails_send()
