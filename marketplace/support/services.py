"""Writes for live support and tickets. Every door (storefront, back offices, websockets, the inbound-mail
webhook, the queue job) changes support rows only through these."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from marketplace.common.errors import DomainError, NotFound
from marketplace.common.jobs import enqueue_after_commit
from marketplace.orders.models import Order
from marketplace.products.models import Product

from .access import WORK_CHAT, WORK_TICKET, chat_may_work, is_support_manager, is_support_staff, ticket_may_work
from .models import LiveChat, LiveChatMessage, Priority, SupportSettings, Ticket, TicketEvent, TicketMessage
from .presence import agents_online
from .realtime import broadcast_chat, broadcast_queue_changed
from .replies import reply_strip_quoted
from .selectors import sla_terms, support_agents, support_settings
from .sla import sla_due

MAX_SUBJECT = 200
MAX_BODY = 10000
MAX_CHAT_BODY = 4000


def _forbidden() -> DomainError:
    return DomainError(_("You may not work on this conversation or ticket."), code="support_forbidden")


def _clean_body(body: str, *, limit: int) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ValidationError(_("Write a message."), code="required")})
    if len(body) > limit:
        raise ValidationError({"body": ValidationError(_("Keep it under %(n)s characters.") % {"n": limit}, code="max_length")})
    return body


def _event(ticket: Ticket, type_: str, *, actor=None, from_value="", to_value="") -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket, type=type_, actor=actor, from_value=str(from_value)[:200], to_value=str(to_value)[:200],
    )


def _label(user) -> str:
    return getattr(user, "email", "") or ""


def _lock_ticket(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _lock_chat(chat: LiveChat) -> LiveChat:
    return LiveChat.objects.select_for_update().get(pk=chat.pk)


# --- settings ---------------------------------------------------------------------------------
@transaction.atomic
def support_settings_update(*, actor, **values) -> SupportSettings:
    row = support_settings()
    row = SupportSettings.objects.select_for_update().get(pk=row.pk)
    for name, value in values.items():
        if name not in ("live_wait_minutes", "presence_seconds"):
            raise TypeError(f"Unknown support setting: {name}")
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


# --- tickets ----------------------------------------------------------------------------------
def _check_links(*, requester, order, product) -> None:
    if order is not None:
        own = Order.objects.filter(pk=order.pk).filter(buyer=requester).exists() or Order.objects.filter(
            pk=order.pk, shipments__vendor__user=requester
        ).exists()
        if not own:
            raise ValidationError({"order": ValidationError(_("Choose one of your own orders."), code="not_yours")})
    if product is not None and not Product.objects.filter(pk=product.pk).exists():
        raise ValidationError({"product": ValidationError(_("This piece does not exist."), code="invalid")})


@transaction.atomic
def ticket_create(
    *, requester, subject: str, body: str, priority: str = Priority.NORMAL, order: Order | None = None,
    product: Product | None = None, source: str = Ticket.Source.WEB, notify_requester: bool = True,
) -> Ticket:
    """Open a ticket for ``requester`` with its first message; its SLA clock starts now."""
    subject = (subject or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Say in a few words what it is about.")
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = _("Keep the subject under %(n)s characters.") % {"n": MAX_SUBJECT}
    if priority not in Priority.values:
        errors["priority"] = _("Choose a priority.")
    if errors:
        raise ValidationError(errors, code="invalid")
    body = _clean_body(body, limit=MAX_BODY)
    _check_links(requester=requester, order=order, product=product)
    now = timezone.now()
    due = sla_due(opened_at=now, terms=sla_terms(priority))
    ticket = Ticket.objects.create(
        subject=subject, requester=requester, order=order, product=product, priority=priority, source=source,
        reply_token=secrets.token_hex(12), first_response_due_at=due.first_response_due_at,
        resolution_due_at=due.resolution_due_at, last_activity_at=now,
    )
    TicketMessage.objects.create(ticket=ticket, author=requester, body=body, source=TicketMessage.Source.WEB)
    _event(ticket, TicketEvent.Type.CREATED, actor=requester, to_value=ticket.get_priority_display())
    if notify_requester:
        enqueue_after_commit("marketplace.support.tasks.ticket_notify_task", ticket.pk, "created")
    broadcast_queue_changed()
    return ticket


def _staff_reply_effects(ticket: Ticket, *, now) -> None:
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    if ticket.status == Ticket.Status.NEW:
        ticket.status = Ticket.Status.OPEN


@transaction.atomic
def ticket_reply(
    *, ticket: Ticket, author, body: str, internal: bool = False, source: str = TicketMessage.Source.WEB,
    email_message_id: str | None = None,
) -> TicketMessage:
    """A public reply (the requester's or support's) or an internal note (support only)."""
    ticket = _lock_ticket(ticket)
    body = _clean_body(body, limit=MAX_BODY)
    is_requester = author.pk == ticket.requester_id
    if not is_requester and not ticket_may_work(author, ticket):
        raise _forbidden()
    if is_requester and internal:
        raise _forbidden()
    if ticket.status == Ticket.Status.CLOSED:
        raise DomainError(_("This ticket is closed. Open a new one."), code="ticket_closed")
    now = timezone.now()
    from_staff = not is_requester
    message = TicketMessage.objects.create(
        ticket=ticket, author=author, body=body, internal=internal, from_staff=from_staff, source=source,
        email_message_id=email_message_id,
    )
    old_status = ticket.status
    if from_staff and not internal:
        _staff_reply_effects(ticket, now=now)
    elif is_requester and ticket.status in (Ticket.Status.WAITING_ON_CUSTOMER, Ticket.Status.RESOLVED):
        ticket.status = Ticket.Status.OPEN
        ticket.resolved_at = None
    ticket.last_activity_at = now
    ticket.save(update_fields=["first_response_at", "status", "resolved_at", "last_activity_at", "updated_at"])
    if internal:
        _event(ticket, TicketEvent.Type.NOTE, actor=author)
    elif source == TicketMessage.Source.EMAIL:
        _event(ticket, TicketEvent.Type.EMAIL_REPLY, actor=author)
    else:
        _event(ticket, TicketEvent.Type.REPLIED, actor=author)
    if old_status != ticket.status:
        _event(ticket, TicketEvent.Type.STATUS, actor=author, from_value=old_status, to_value=ticket.status)
    if from_staff and not internal:
        enqueue_after_commit("marketplace.support.tasks.ticket_notify_task", ticket.pk, "reply", message.pk)
    broadcast_queue_changed()
    return message


@transaction.atomic
def ticket_set_status(*, ticket: Ticket, actor, status: str) -> Ticket:
    ticket = _lock_ticket(ticket)
    if not ticket_may_work(actor, ticket):
        raise _forbidden()
    if status not in Ticket.Status.values:
        raise ValidationError({"status": ValidationError(_("Choose a status."), code="invalid_choice")})
    if ticket.status == Ticket.Status.CLOSED and not is_support_manager(actor):
        raise DomainError(_("This ticket is closed. Open a new one."), code="ticket_closed")
    if status == ticket.status:
        return ticket
    old = ticket.status
    now = timezone.now()
    ticket.status = status
    if status in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
        ticket.resolved_at = ticket.resolved_at or now
    else:
        ticket.resolved_at = None
    ticket.last_activity_at = now
    ticket.save(update_fields=["status", "resolved_at", "last_activity_at", "updated_at"])
    _event(ticket, TicketEvent.Type.STATUS, actor=actor, from_value=old, to_value=status)
    if status in (Ticket.Status.RESOLVED, Ticket.Status.WAITING_ON_CUSTOMER):
        enqueue_after_commit("marketplace.support.tasks.ticket_notify_task", ticket.pk, status)
    broadcast_queue_changed()
    return ticket


@transaction.atomic
def ticket_set_priority(*, ticket: Ticket, actor, priority: str) -> Ticket:
    """A new priority moves the SLA due times (counted from when the ticket was opened)."""
    ticket = _lock_ticket(ticket)
    if not ticket_may_work(actor, ticket):
        raise _forbidden()
    if priority not in Priority.values:
        raise ValidationError({"priority": ValidationError(_("Choose a priority."), code="invalid_choice")})
    if priority == ticket.priority:
        return ticket
    old = ticket.priority
    due = sla_due(opened_at=ticket.created_at, terms=sla_terms(priority))
    ticket.priority = priority
    ticket.first_response_due_at, ticket.resolution_due_at = due.first_response_due_at, due.resolution_due_at
    ticket.save(update_fields=["priority", "first_response_due_at", "resolution_due_at", "updated_at"])
    _event(ticket, TicketEvent.Type.PRIORITY, actor=actor, from_value=old, to_value=priority)
    broadcast_queue_changed()
    return ticket


def _check_agent(agent) -> None:
    if agent is None or not agent.pk or not agent.is_active or not support_agents().filter(pk=agent.pk).exists():
        raise ValidationError({"agent": ValidationError(_("Choose a support agent."), code="not_support_agent")})


@transaction.atomic
def ticket_take(*, ticket: Ticket, agent) -> Ticket:
    """An agent takes a ticket nobody holds (a manager may take any): it becomes theirs to work."""
    ticket = _lock_ticket(ticket)
    if not is_support_staff(agent):
        raise _forbidden()
    if ticket.assignee_id == agent.pk:
        return ticket
    if ticket.assignee_id is not None and not is_support_manager(agent):
        raise DomainError(_("Another agent has already taken this ticket."), code="already_taken")
    return _assign(ticket, actor=agent, to=agent, event=TicketEvent.Type.ASSIGNED)


@transaction.atomic
def ticket_transfer(*, ticket: Ticket, actor, to_agent) -> Ticket:
    """Hand a ticket to another agent: their object permission replaces the previous assignee's."""
    ticket = _lock_ticket(ticket)
    if not ticket_may_work(actor, ticket):
        raise _forbidden()
    _check_agent(to_agent)
    if ticket.assignee_id == to_agent.pk:
        return ticket
    return _assign(ticket, actor=actor, to=to_agent, event=TicketEvent.Type.TRANSFERRED)


def _assign(ticket: Ticket, *, actor, to, event: str) -> Ticket:
    previous = ticket.assignee
    if previous is not None:
        remove_perm(f"support.{WORK_TICKET}", previous, ticket)
    assign_perm(f"support.{WORK_TICKET}", to, ticket)
    ticket.assignee = to
    ticket.save(update_fields=["assignee", "updated_at"])
    _event(ticket, event, actor=actor, from_value=_label(previous), to_value=_label(to))
    if ticket.status == Ticket.Status.NEW:
        ticket.status = Ticket.Status.OPEN
        ticket.save(update_fields=["status", "updated_at"])
        _event(ticket, TicketEvent.Type.STATUS, actor=actor, from_value=Ticket.Status.NEW, to_value=ticket.status)
    broadcast_queue_changed()
    return ticket


@transaction.atomic
def ticket_grant_access(*, ticket: Ticket, actor, agent) -> Ticket:
    """A manager widens an agent's reach: they may work on this ticket too, without taking it."""
    if not is_support_manager(actor):
        raise _forbidden()
    _check_agent(agent)
    assign_perm(f"support.{WORK_TICKET}", agent, ticket)
    _event(ticket, TicketEvent.Type.ACCESS_GRANTED, actor=actor, to_value=_label(agent))
    broadcast_queue_changed()
    return ticket


# --- inbound e-mail replies -------------------------------------------------------------------
@transaction.atomic
def ticket_reply_from_email(*, reply_token: str, sender: str, body: str, message_id: str) -> TicketMessage:
    """An e-mail reply to a ticket's notice: added once per Message-Id, only from the requester's address."""
    message_id = (message_id or "").strip()[:255]
    if not message_id:
        raise ValidationError({"Message-Id": ValidationError(_("The e-mail has no Message-Id."), code="required")})
    existing = TicketMessage.objects.filter(email_message_id=message_id).first()
    if existing is not None:
        return existing
    ticket = Ticket.objects.select_related("requester").filter(reply_token=reply_token).first()
    if ticket is None:
        raise NotFound()
    if (sender or "").strip().lower() != (ticket.requester.email or "").lower():
        raise DomainError(_("Replies are accepted only from the requester's address."), code="sender_mismatch")
    text = reply_strip_quoted(body)
    try:
        with transaction.atomic():
            return ticket_reply(
                ticket=ticket, author=ticket.requester, body=text, source=TicketMessage.Source.EMAIL,
                email_message_id=message_id,
            )
    except IntegrityError:  # the same e-mail, delivered twice at once: the other delivery added it
        return TicketMessage.objects.get(email_message_id=message_id)


# --- live conversations -----------------------------------------------------------------------
def _chat_message(chat: LiveChat, *, author, body: str, from_agent: bool) -> LiveChatMessage:
    message = LiveChatMessage.objects.create(chat=chat, author=author, body=body, from_agent=from_agent)
    broadcast_chat(chat.pk, {
        "type": "message", "id": message.pk, "body": message.body, "from_agent": from_agent,
        "created_at": message.created_at.isoformat(),
    })
    return message


@transaction.atomic
def live_chat_start(*, requester, body: str) -> LiveChat:
    """Ask for help live. With no agent online it becomes a ticket at once; otherwise it waits in the queue."""
    body = _clean_body(body, limit=MAX_CHAT_BODY)
    open_chat = (
        LiveChat.objects.select_for_update()
        .filter(requester=requester, status__in=(LiveChat.Status.WAITING, LiveChat.Status.ACTIVE))
        .first()
    )
    if open_chat is not None:
        _chat_message(open_chat, author=requester, body=body, from_agent=False)
        return open_chat
    chat = LiveChat.objects.create(requester=requester, topic=body.splitlines()[0][:200])
    _chat_message(chat, author=requester, body=body, from_agent=False)
    broadcast_queue_changed()
    if not agents_online():
        return live_chat_to_ticket(chat=chat)
    return chat


@transaction.atomic
def live_chat_post(*, chat: LiveChat, author, body: str) -> LiveChatMessage:
    chat = _lock_chat(chat)
    body = _clean_body(body, limit=MAX_CHAT_BODY)
    is_requester = author.pk == chat.requester_id
    if not is_requester and not chat_may_work(author, chat):
        raise _forbidden()
    if chat.status not in (LiveChat.Status.WAITING, LiveChat.Status.ACTIVE):
        raise DomainError(_("This conversation has ended."), code="chat_ended")
    return _chat_message(chat, author=author, body=body, from_agent=not is_requester)


@transaction.atomic
def live_chat_take(*, chat: LiveChat, agent) -> LiveChat:
    chat = _lock_chat(chat)
    if not is_support_staff(agent):
        raise _forbidden()
    if chat.status != LiveChat.Status.WAITING:
        raise DomainError(_("This conversation is no longer waiting."), code="chat_not_waiting")
    assign_perm(f"support.{WORK_CHAT}", agent, chat)
    chat.status, chat.agent, chat.taken_at = LiveChat.Status.ACTIVE, agent, timezone.now()
    chat.save(update_fields=["status", "agent", "taken_at", "updated_at"])
    broadcast_chat(chat.pk, {"type": "status", "status": chat.status})
    broadcast_queue_changed()
    return chat


@transaction.atomic
def live_chat_transfer(*, chat: LiveChat, actor, to_agent) -> LiveChat:
    chat = _lock_chat(chat)
    if not chat_may_work(actor, chat):
        raise _forbidden()
    if chat.status != LiveChat.Status.ACTIVE:
        raise DomainError(_("Only a conversation with an agent can be transferred."), code="chat_not_active")
    _check_agent(to_agent)
    if chat.agent_id == to_agent.pk:
        return chat
    if chat.agent is not None:
        remove_perm(f"support.{WORK_CHAT}", chat.agent, chat)
    assign_perm(f"support.{WORK_CHAT}", to_agent, chat)
    chat.agent = to_agent
    chat.save(update_fields=["agent", "updated_at"])
    broadcast_chat(chat.pk, {"type": "status", "status": chat.status})
    broadcast_queue_changed()
    return chat


@transaction.atomic
def live_chat_close(*, chat: LiveChat, actor) -> LiveChat:
    chat = _lock_chat(chat)
    if actor.pk != chat.requester_id and not chat_may_work(actor, chat):
        raise _forbidden()
    if chat.status in (LiveChat.Status.CLOSED, LiveChat.Status.TICKETED):
        return chat
    chat.status, chat.closed_at = LiveChat.Status.CLOSED, timezone.now()
    chat.save(update_fields=["status", "closed_at", "updated_at"])
    broadcast_chat(chat.pk, {"type": "status", "status": chat.status})
    broadcast_queue_changed()
    return chat


@transaction.atomic
def live_chat_to_ticket(*, chat: LiveChat) -> LiveChat:
    """Nobody took it: the conversation becomes a ticket (its messages the first ones) and the requester is e-mailed."""
    chat = _lock_chat(chat)
    if chat.status != LiveChat.Status.WAITING:
        return chat
    messages = list(chat.messages.order_by("created_at", "pk"))
    first = messages[0].body if messages else chat.topic
    ticket = ticket_create(
        requester=chat.requester, subject=chat.topic, body=first, source=Ticket.Source.LIVE_CHAT,
        notify_requester=False,
    )
    for message in messages[1:]:
        TicketMessage.objects.create(
            ticket=ticket, author=message.author, body=message.body, from_staff=message.from_agent,
            source=TicketMessage.Source.LIVE_CHAT,
        )
    _event(ticket, TicketEvent.Type.FROM_LIVE_CHAT, to_value=f"#{chat.pk}")
    chat.status, chat.ticket, chat.closed_at = LiveChat.Status.TICKETED, ticket, timezone.now()
    chat.save(update_fields=["status", "ticket", "closed_at", "updated_at"])
    enqueue_after_commit("marketplace.support.tasks.ticket_notify_task", ticket.pk, "from_live_chat")
    broadcast_chat(chat.pk, {"type": "status", "status": chat.status, "ticket_id": ticket.pk})
    broadcast_queue_changed()
    return chat


def live_chats_check_waiting(*, now=None, trust_presence: bool = True) -> list[int]:
    """The queue job: waiting conversations past the wait (or all of them, with no agent online) become tickets.

    ``trust_presence=False`` (a job process that cannot see the web server's local-memory presence)
    applies the wait only.
    """
    now = now or timezone.now()
    wait = support_settings().live_wait_minutes
    waiting = LiveChat.objects.filter(status=LiveChat.Status.WAITING)
    if not trust_presence or agents_online():
        waiting = waiting.filter(created_at__lte=now - timedelta(minutes=wait))
    moved = []
    for chat_id in waiting.order_by("created_at").values_list("pk", flat=True):
        chat = live_chat_to_ticket(chat=LiveChat(pk=chat_id))
        if chat.status == LiveChat.Status.TICKETED:
            moved.append(chat_id)
    return moved
