"""Reads for support: settings, SLA targets, the staff queues, a requester's tickets."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .access import chat_scope_for_staff, ticket_scope_for_staff
from .models import LiveChat, LiveChatMessage, SlaTarget, SupportSettings, Ticket, TicketMessage
from .presence import agents_online
from .sla import SlaClock, SlaTerms, sla_clock

OPEN_TICKET_STATUSES = (Ticket.Status.NEW, Ticket.Status.OPEN, Ticket.Status.WAITING_ON_CUSTOMER)


def support_settings() -> SupportSettings:
    row = SupportSettings.objects.filter(pk=SupportSettings.SINGLETON_PK).first()
    return row or SupportSettings.objects.get_or_create(pk=SupportSettings.SINGLETON_PK)[0]


DEFAULT_SLA = {"urgent": (30, 240), "high": (120, 1440), "normal": (480, 4320), "low": (1440, 10080)}


def sla_terms(priority: str) -> SlaTerms:
    target = SlaTarget.objects.filter(priority=priority).first()
    if target is None:
        return SlaTerms.from_minutes(*DEFAULT_SLA.get(priority, DEFAULT_SLA["normal"]))
    return SlaTerms.from_minutes(target.first_response_minutes, target.resolution_minutes)


def ticket_sla_clock(ticket: Ticket, *, now=None) -> SlaClock:
    return sla_clock(
        first_response_due_at=ticket.first_response_due_at, resolution_due_at=ticket.resolution_due_at,
        first_response_at=ticket.first_response_at, resolved_at=ticket.resolved_at, now=now or timezone.now(),
    )


def support_agents() -> QuerySet:
    """Staff who may work support (transfer targets): the support view permission, through a role or their own."""
    perm = Q(content_type__app_label="support", codename="view_ticket")
    return (
        get_user_model().objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=_perm_ids(perm))
            | Q(user_permissions__in=_perm_ids(perm))
        )
        .distinct()
        .order_by("email")
    )


def _perm_ids(condition: Q):
    return Permission.objects.filter(condition).values("pk")


def agents_online_list() -> QuerySet:
    return support_agents().filter(pk__in=agents_online())


# --- staff queues -----------------------------------------------------------------------------
def ticket_queue_for_staff(*, user, status: str = "open", mine: bool = False) -> QuerySet:
    """The tickets this staff member sees, with what the queue shows selected (a constant number of queries)."""
    rows = ticket_scope_for_staff(Ticket.objects.all(), user=user).select_related("requester", "assignee", "order")
    if status == "open":
        rows = rows.filter(status__in=OPEN_TICKET_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if mine:
        rows = rows.filter(assignee=user)
    return rows.order_by("resolution_due_at", "pk")


@dataclass(frozen=True)
class QueueChat:
    chat: LiveChat
    waited_seconds: int
    last_message: str


def live_queue_for_staff(*, user, now=None) -> list[QueueChat]:
    """Waiting conversations (oldest first) and the ones this agent holds, with their last message."""
    now = now or timezone.now()
    last = LiveChatMessage.objects.order_by("-created_at", "-pk")
    rows = (
        chat_scope_for_staff(LiveChat.objects.all(), user=user)
        .filter(status__in=(LiveChat.Status.WAITING, LiveChat.Status.ACTIVE))
        .select_related("requester", "agent")
        .prefetch_related(Prefetch("messages", queryset=last, to_attr="latest"))
        .order_by("created_at", "pk")
    )
    return [
        QueueChat(chat, int((now - chat.created_at).total_seconds()), chat.latest[0].body[:140] if chat.latest else "")
        for chat in rows
    ]


def chat_messages(chat: LiveChat) -> QuerySet:
    return chat.messages.select_related("author").order_by("created_at", "pk")


def ticket_messages(ticket: Ticket, *, include_internal: bool) -> QuerySet:
    rows = ticket.messages.select_related("author").order_by("created_at", "pk")
    return rows if include_internal else rows.filter(internal=False)


def ticket_events(ticket: Ticket) -> QuerySet:
    return ticket.events.select_related("actor").order_by("created_at", "pk")


# --- requesters -------------------------------------------------------------------------------
def tickets_for_requester(*, user) -> QuerySet:
    return (
        Ticket.objects.filter(requester=user)
        .select_related("order", "product")
        .annotate(replies=Count("messages", filter=Q(messages__internal=False)))
        .order_by("-created_at", "-pk")
    )


def open_chat_for_requester(*, user) -> LiveChat | None:
    return (
        LiveChat.objects.filter(requester=user, status__in=(LiveChat.Status.WAITING, LiveChat.Status.ACTIVE))
        .order_by("-created_at")
        .first()
    )


def public_message_count(ticket: Ticket) -> int:
    return TicketMessage.objects.filter(ticket=ticket, internal=False).count()
