"""django-q2 jobs of the conversations context. Each takes ids and is safe to run twice."""

from .notices import message_notify, unread_messages_email
from .services import message_unread_emails_send


def message_notify_task(message_id: int) -> bool:
    """At once: the other side's inbox and push (no e-mail yet, see ``unread_message_email_sweep``)."""
    return message_notify(message_id)


def message_unread_email_task(message_ids: list[int]) -> bool:
    return unread_messages_email(message_ids)


def unread_message_email_sweep() -> int:
    """Every minute: e-mail the messages still unread 15 minutes after they arrived."""
    return message_unread_emails_send()
