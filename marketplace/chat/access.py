"""Who may read and write a conversation: its buyer, and the approved vendor of its shop. Nobody else.

``conversation_side`` is the one rule; ``conversation_for_user`` fetches a conversation for a user and refuses
(``NotFound``, a 404 in every door, as if it did not exist) when they are neither side. The storefront pages,
the vendor site, the JSON polling endpoint and the websocket consumer all go through here, on every request
and every socket frame, so changing an id never reaches somebody else's conversation.
"""

from marketplace.common.errors import NotFound
from marketplace.vendors.access import approved_vendor_for_user

from .models import Conversation, Side


def conversation_side(conversation: Conversation, user) -> str | None:
    """``Side.BUYER`` or ``Side.VENDOR`` for a participant; None for anybody else (a suspended shop included)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if conversation.buyer_id == user.pk:
        return Side.BUYER
    vendor = approved_vendor_for_user(user)
    if vendor is not None and conversation.vendor_id == vendor.pk:
        return Side.VENDOR
    return None


def conversation_for_user(*, user, pk, side: str | None = None) -> tuple[Conversation, str]:
    """The conversation ``pk`` and the user's side in it; ``NotFound`` when they are not in it (or not on ``side``)."""
    try:
        conversation = Conversation.objects.select_related("vendor", "product", "order", "buyer").get(pk=pk)
    except (Conversation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    my_side = conversation_side(conversation, user)
    if my_side is None or (side is not None and my_side != side):
        raise NotFound()
    return conversation, my_side
