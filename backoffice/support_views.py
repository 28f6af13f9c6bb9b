"""Staff support pages inside the unfold admin: the live queue (`admin_chat`) and a ticket's work page.

`admin_chat` is updated over ``ws/support/queue/`` and ``ws/support/chats/<id>/`` (realtime/support.py);
when the socket is down the page polls `admin_chat_queue` and `admin_chat_messages`. Every action posts
to `admin_chat_action` / the ticket admin's change page, which call the support services; the services check who may act.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from unfold.views import UnfoldSiteViewMixin

from doors.errors import error_payload
from doors.support import chat_status_payload, message_payload, queue_snapshot
from marketplace.common.errors import DomainError
from marketplace.support.access import (
    chat_for_staff,
    chat_may_work,
    is_support_manager,
    is_support_staff,
    ticket_for_staff,
    ticket_may_work,
)
from marketplace.support.models import Priority, Ticket
from marketplace.support.presence import agent_presence_touch
from marketplace.support.selectors import (
    agents_online_list,
    chat_messages,
    support_agents,
    support_settings,
    ticket_events,
    ticket_messages,
    ticket_sla_clock,
)
from marketplace.support.services import (
    live_chat_close,
    live_chat_post,
    live_chat_take,
    live_chat_transfer,
    ticket_grant_access,
    ticket_reply,
    ticket_set_priority,
    ticket_set_status,
    ticket_take,
    ticket_transfer,
)
from marketplace.support.sla import duration_text


class SupportStaffMixin(UnfoldSiteViewMixin):
    """Pages for support staff (agents and managers); who may act on a row is the services' and access' call."""

    def has_permission(self) -> bool:
        return is_support_staff(self.request.user)


class SupportStaffJsonMixin(View):
    def dispatch(self, request, *args, **kwargs):
        if not is_support_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _agent(pk) -> object | None:
    return get_user_model().objects.filter(pk=pk).first() if str(pk or "").isdigit() else None


class AdminChatView(SupportStaffMixin, TemplateView):
    """`admin_chat`: the waiting queue and the agent's conversations, live."""

    title = gettext_lazy("Live chat")
    template_name = "backoffice/support/admin_chat.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agent_presence_touch(user_id=self.request.user.pk, seconds=support_settings().presence_seconds)
        context["agents"] = support_agents().exclude(pk=self.request.user.pk)
        context["snapshot"] = queue_snapshot(user=self.request.user)
        return context


class AdminChatQueueView(SupportStaffJsonMixin):
    """The polling fallback: the queue as JSON; each call is also the agent's presence check-in."""

    def get(self, request):
        agent_presence_touch(user_id=request.user.pk, seconds=support_settings().presence_seconds)
        return JsonResponse(queue_snapshot(user=request.user))


class AdminChatMessagesView(SupportStaffJsonMixin):
    def get(self, request, chat_id: int):
        chat = chat_for_staff(user=request.user, pk=chat_id)
        try:
            after = int(request.GET.get("after", 0))
        except ValueError:
            after = 0
        rows = [message_payload(m) for m in chat_messages(chat).filter(pk__gt=after)]
        return JsonResponse({
            **chat_status_payload(chat), "id": chat.pk, "topic": chat.topic, "requester": chat.requester.email,
            "may_work": chat_may_work(request.user, chat), "messages": rows,
        })


class AdminChatActionView(SupportStaffJsonMixin):
    """POST take / send / transfer / close on one conversation; JSON for the page's script, redirect otherwise."""

    def post(self, request, chat_id: int):
        chat = chat_for_staff(user=request.user, pk=chat_id)
        action = request.POST.get("action")
        try:
            if action == "take":
                chat = live_chat_take(chat=chat, agent=request.user)
            elif action == "send":
                live_chat_post(chat=chat, author=request.user, body=request.POST.get("body", ""))
            elif action == "transfer":
                to = _agent(request.POST.get("agent"))
                if to is None:
                    raise ValidationError({"agent": ValidationError(_("Choose a support agent."), code="not_support_agent")})
                chat = live_chat_transfer(chat=chat, actor=request.user, to_agent=to)
            elif action == "close":
                chat = live_chat_close(chat=chat, actor=request.user)
            else:
                raise ValidationError(_("Unknown action."), code="invalid")
        except (ValidationError, DomainError) as exc:
            status, payload = error_payload(exc)
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse(payload, status=status)
            messages.error(request, payload["message"])
            return HttpResponseRedirect(reverse("admin_chat"))
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({**chat_status_payload(chat), "id": chat.pk})
        return HttpResponseRedirect(reverse("admin_chat") + f"?chat={chat.pk}")


class StaffTicketView(SupportStaffMixin, TemplateView):
    """A ticket's work page: the conversation with internal notes, its history, and what the agent may change."""

    template_name = "backoffice/support/ticket.html"
    title = gettext_lazy("Ticket")

    def get_ticket(self) -> Ticket:
        return ticket_for_staff(user=self.request.user, pk=self.kwargs["ticket_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket = self.get_ticket()
        user = self.request.user
        clock = ticket_sla_clock(ticket)
        context.update(
            title=f"#{ticket.pk} {ticket.subject}",
            ticket=ticket,
            ticket_messages=ticket_messages(ticket, include_internal=True),
            events=ticket_events(ticket),
            may_work=ticket_may_work(user, ticket),
            may_take=ticket.assignee_id is None or (is_support_manager(user) and ticket.assignee_id != user.pk),
            is_manager=is_support_manager(user),
            statuses=Ticket.Status.choices,
            priorities=Priority.choices,
            agents=support_agents().exclude(pk=ticket.assignee_id or 0),
            online=set(agents_online_list().values_list("pk", flat=True)),
            clock=clock,
            first_left=duration_text(clock.first_response_left) if clock.first_response_left is not None else "",
            resolution_left=duration_text(clock.resolution_left) if clock.resolution_left is not None else "",
            queue_url=reverse("admin:support_ticket_changelist"),
        )
        return context

    def post(self, request, ticket_id: int):
        ticket = self.get_ticket()
        action = request.POST.get("action")
        try:
            if action in ("reply", "note"):
                ticket_reply(ticket=ticket, author=request.user, body=request.POST.get("body", ""), internal=action == "note")
                messages.success(request, _("Internal note added.") if action == "note" else _("Reply sent to the requester."))
            elif action == "status":
                ticket_set_status(ticket=ticket, actor=request.user, status=request.POST.get("status", ""))
                messages.success(request, _("Status changed."))
            elif action == "priority":
                ticket_set_priority(ticket=ticket, actor=request.user, priority=request.POST.get("priority", ""))
                messages.success(request, _("Priority changed; the SLA due times moved with it."))
            elif action == "take":
                ticket_take(ticket=ticket, agent=request.user)
                messages.success(request, _("The ticket is yours."))
            elif action in ("transfer", "grant"):
                agent = _agent(request.POST.get("agent"))
                if agent is None:
                    raise ValidationError({"agent": ValidationError(_("Choose a support agent."), code="not_support_agent")})
                if action == "transfer":
                    ticket_transfer(ticket=ticket, actor=request.user, to_agent=agent)
                    messages.success(request, _("Transferred to %(agent)s.") % {"agent": agent.email})
                else:
                    ticket_grant_access(ticket=ticket, actor=request.user, agent=agent)
                    messages.success(request, _("%(agent)s may now work on this ticket too.") % {"agent": agent.email})
            else:
                raise ValidationError(_("Unknown action."), code="invalid")
        except (ValidationError, DomainError) as exc:
            messages.error(request, error_payload(exc)[1]["message"])
        if action == "transfer" and not ticket_may_work(request.user, ticket) and not is_support_manager(request.user):
            return HttpResponseRedirect(reverse("admin:support_ticket_changelist"))
        return HttpResponseRedirect(reverse("admin:support_ticket_change", args=[ticket_id]))
