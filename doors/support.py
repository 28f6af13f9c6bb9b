"""What the live support doors share: the JSON shapes of the agents' queue and of one conversation.

The staff page's polling endpoints (backoffice) and the websockets (realtime) send the same shapes,
so the page's script reads one format whichever way it arrives.
"""

from django.urls import reverse
from django.utils import timezone

from marketplace.support.models import LiveChat, LiveChatMessage
from marketplace.support.presence import agents_online
from marketplace.support.selectors import live_queue_for_staff


def _person(user) -> str:
    if user is None:
        return ""
    name = f"{user.first_name} {user.last_name}".strip()
    return name or user.email


def queue_snapshot(*, user) -> dict:
    rows = live_queue_for_staff(user=user, now=timezone.now())
    return {
        "type": "queue",
        "agents_online": len(agents_online()),
        "chats": [
            {
                "id": row.chat.pk,
                "status": row.chat.status,
                "status_label": str(row.chat.get_status_display()),
                "requester": _person(row.chat.requester),
                "topic": row.chat.topic,
                "agent": _person(row.chat.agent),
                "mine": row.chat.agent_id == user.pk,
                "waited_seconds": row.waited_seconds,
                "last_message": row.last_message,
            }
            for row in rows
        ],
    }


def message_payload(message: LiveChatMessage) -> dict:
    return {
        "type": "message", "id": message.pk, "body": message.body, "from_agent": message.from_agent,
        "created_at": message.created_at.isoformat(),
    }


def chat_status_payload(chat: LiveChat) -> dict:
    payload = {"type": "status", "status": chat.status, "status_label": str(chat.get_status_display())}
    if chat.ticket_id:
        payload["ticket_id"] = chat.ticket_id
        payload["redirect"] = reverse("support_redirect", args=[chat.ticket_id])
    return payload


def chat_event_payload(payload: dict) -> dict:
    """A broadcast of the domain (``marketplace.support.realtime``), with what a browser needs added."""
    payload = dict(payload)
    if payload.get("type") == "status":
        payload["status_label"] = str(LiveChat.Status(payload["status"]).label)
        if payload.get("ticket_id"):
            payload["redirect"] = reverse("support_redirect", args=[payload["ticket_id"]])
    return payload
