"""django-q2 jobs of support: the e-mails of a ticket, and the live queue's sweep (every minute)."""

from django.conf import settings
from django.urls import reverse

from marketplace.notifications.services import notify

from .models import Ticket, TicketMessage
from .presence import presence_is_shared
from .services import live_chats_check_waiting


def ticket_reply_address(ticket: Ticket) -> str:
    """support+<token>@<domain>: a reply to the e-mail comes back to this ticket (inbound webhook)."""
    return f"support+{ticket.reply_token}@{settings.SUPPORT_REPLY_DOMAIN}"


def ticket_notify_task(ticket_id: int, event: str, message_id: int | None = None) -> bool:
    """Tell the requester about their ticket (created, a reply, waiting on them, resolved, made from a live chat)."""
    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    if ticket is None:
        return False
    message = None
    if message_id is not None:
        message = TicketMessage.objects.filter(pk=message_id, ticket=ticket, internal=False).first()
        if message is None:
            return False
    url_name = "support_redirect" if event == "from_live_chat" else "ticket_detail"
    url = reverse(url_name, args=[ticket.pk])
    notify(
        ticket.requester, "ticket", {"ticket": ticket, "event": event, "reply": message, "link": settings.SITE_URL + url},
        url=url, reply_to=[ticket_reply_address(ticket)],
    )
    return True


def live_chats_check_waiting_task() -> int:
    """Waiting live conversations nobody took in time (or with no agent online) become tickets."""
    return len(live_chats_check_waiting(trust_presence=presence_is_shared()))
