"""Who reaches which conversation and ticket — the one rule every door asks.

- A requester (buyer or vendor) reaches only their own conversations and tickets
  (``*_for_requester``; anybody else's is ``NotFound``, a 404 in every door).
- Support staff (``support.view_ticket``: the SupportAgent role) see the queue: what nobody has
  taken yet, plus what they hold an object permission on (django-guardian, granted when they take
  it, or when a manager widens their access). They work only on those.
- A manager (``support.can_manage_support_tickets``) sees and works on everything, assigns,
  transfers and widens an agent's access.
"""

from django.db.models import Q, QuerySet

from marketplace.common.errors import NotFound

from .models import LiveChat, LiveChatUserObjectPermission, Ticket, TicketUserObjectPermission

MANAGE = "support.can_manage_support_tickets"
WORK_TICKET = "change_ticket"
WORK_CHAT = "change_livechat"


def is_support_manager(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(MANAGE))


def is_support_staff(user) -> bool:
    """May open the queue: staff with the support view permission (agents and managers)."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.is_staff
        and (user.has_perm("support.view_ticket") or is_support_manager(user))
    )


# --- tickets ----------------------------------------------------------------------------------
def ticket_may_work(user, ticket: Ticket) -> bool:
    """Reply, add notes, change status or priority, transfer: a manager, or an agent holding the object permission."""
    if is_support_manager(user):
        return True
    return is_support_staff(user) and user.has_perm(f"support.{WORK_TICKET}", ticket)


def ticket_scope_for_staff(queryset: QuerySet, *, user) -> QuerySet:
    if is_support_manager(user):
        return queryset
    if not is_support_staff(user):
        return queryset.none()
    held = TicketUserObjectPermission.objects.filter(user=user, permission__codename=WORK_TICKET).values(
        "content_object_id"
    )
    return queryset.filter(Q(assignee__isnull=True) | Q(pk__in=held))


def ticket_for_staff(*, user, pk) -> Ticket:
    try:
        return ticket_scope_for_staff(Ticket.objects.all(), user=user).get(pk=pk)
    except (Ticket.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def ticket_for_requester(*, user, pk) -> Ticket:
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    try:
        return Ticket.objects.get(pk=pk, requester=user)
    except (Ticket.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


# --- live conversations -----------------------------------------------------------------------
def chat_may_work(user, chat: LiveChat) -> bool:
    if is_support_manager(user):
        return True
    return is_support_staff(user) and user.has_perm(f"support.{WORK_CHAT}", chat)


def chat_scope_for_staff(queryset: QuerySet, *, user) -> QuerySet:
    if is_support_manager(user):
        return queryset
    if not is_support_staff(user):
        return queryset.none()
    held = LiveChatUserObjectPermission.objects.filter(user=user, permission__codename=WORK_CHAT).values(
        "content_object_id"
    )
    return queryset.filter(Q(status=LiveChat.Status.WAITING) | Q(pk__in=held))


def chat_for_staff(*, user, pk) -> LiveChat:
    try:
        return chat_scope_for_staff(LiveChat.objects.all(), user=user).get(pk=pk)
    except (LiveChat.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def chat_for_requester(*, user, pk) -> LiveChat:
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    try:
        return LiveChat.objects.get(pk=pk, requester=user)
    except (LiveChat.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def chat_for_participant(*, user, pk) -> LiveChat:
    """The requester, or staff who may see it (the websocket of one conversation)."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    chat = LiveChat.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if chat is None:
        raise NotFound()
    if chat.requester_id == user.pk:
        return chat
    return chat_for_staff(user=user, pk=pk)
