"""The conversations' part of the buyer's privacy rights (receivers of marketplace.customers.privacy's signals).

The export holds the messages the person wrote and received; deleting the account blanks the text
and photos of what they wrote (the shop keeps its own side of the conversation).
"""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from marketplace.customers.privacy import account_erasing, personal_data_collect

from .models import Message, MessagePhoto


@receiver(personal_data_collect, dispatch_uid="chat_personal_data")
def messages_personal_data(sender, user, **kwargs):
    messages = (
        Message.objects.filter(conversation__buyer=user)
        .select_related("conversation__vendor")
        .order_by("conversation_id", "created_at", "pk")
    )
    return "messages", [
        {"conversation_id": m.conversation_id, "shop": m.conversation.vendor.shop_name, "written_by": m.sender_side,
         "text": m.text if m.sender_id != user.pk else (m.original_text or m.text), "sent_at": m.created_at.isoformat()}
        for m in messages
    ]


@receiver(account_erasing, dispatch_uid="chat_erasing")
def messages_erasing(sender, user, **kwargs):
    written = Message.objects.filter(sender=user)
    for photo in MessagePhoto.objects.filter(message__in=written):
        photo.image.delete(save=False)
        photo.delete()
    written.update(text=_("(message deleted)"), original_text="", masked_kinds=[])
