"""The buyer's (and vendor's) support doors: live help, tickets, the hand-off page, and the inbound-mail webhook."""

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doors.errors import error_payload, form_add_service_error
from doors.support import chat_status_payload, message_payload
from marketplace.common.errors import DomainError, NotFound
from marketplace.products.models import Product
from marketplace.support import inbound
from marketplace.support.access import chat_for_requester, ticket_for_requester
from marketplace.support.models import LiveChat
from marketplace.support.selectors import (
    chat_messages,
    open_chat_for_requester,
    ticket_messages,
    tickets_for_requester,
)
from marketplace.support.services import live_chat_close, live_chat_start, ticket_create, ticket_reply
from storefront.forms.support import LiveMessageForm, ReplyForm, TicketForm

log = logging.getLogger(__name__)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- live help ----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def live_chat_view(request):
    """`live_chat`: "Help" opens a live conversation with support (or continues the open one)."""
    chat = open_chat_for_requester(user=request.user)
    form = LiveMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chat = live_chat_start(requester=request.user, body=form.cleaned_data["body"])
        except (ValidationError, DomainError) as exc:
            form_add_service_error(form, exc, default_field="body")
        else:
            if chat.status == LiveChat.Status.TICKETED:
                return redirect("support_redirect", chat.ticket_id)
            if _wants_json(request):
                return JsonResponse({"chat_id": chat.pk, **chat_status_payload(chat)})
            return redirect("live_chat")
    context = {"chat": chat, "form": LiveMessageForm() if chat else form, "start_form": form}
    if chat is not None:
        context["chat_messages"] = chat_messages(chat)
    return render(request, "support/live_chat.html", context)


@login_required
@require_GET
def live_chat_poll_view(request, chat_id: int):
    """The page's fallback when its websocket is down: the status and the messages after ``after``."""
    chat = chat_for_requester(user=request.user, pk=chat_id)
    try:
        after = int(request.GET.get("after", 0))
    except ValueError:
        after = 0
    rows = [message_payload(m) for m in chat_messages(chat).filter(pk__gt=after)]
    return JsonResponse({**chat_status_payload(chat), "messages": rows})


@login_required
@require_POST
def live_chat_close_view(request, chat_id: int):
    chat = chat_for_requester(user=request.user, pk=chat_id)
    live_chat_close(chat=chat, actor=request.user)
    messages.info(request, _("The conversation is closed. Thank you."))
    return redirect("tickets")


@login_required
@require_GET
def support_redirect_view(request, ticket_id: int):
    """`support_redirect`: the live conversation became a ticket; where to follow it."""
    ticket = ticket_for_requester(user=request.user, pk=ticket_id)
    return render(request, "support/support_redirect.html", {"ticket": ticket})


# --- tickets --------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def ticket_list_view(request):
    """`tickets`: the requester's tickets, and a form to open one (``?product=<id>`` links a piece)."""
    form = TicketForm(request.POST or None, user=request.user, initial={"product": request.GET.get("product")})
    if request.method == "POST" and form.is_valid():
        product_id = form.cleaned_data.get("product")
        product = Product.objects.filter(pk=product_id).first() if product_id else None
        try:
            ticket = ticket_create(
                requester=request.user, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                order=form.cleaned_data.get("order"), product=product,
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Ticket #%(n)s is open. We will answer by e-mail and here.") % {"n": ticket.pk})
            return redirect("ticket_detail", ticket.pk)
    return render(request, "support/ticket_list.html", {"tickets": tickets_for_requester(user=request.user), "form": form})


@login_required
@require_GET
def ticket_detail_view(request, ticket_id: int):
    ticket = ticket_for_requester(user=request.user, pk=ticket_id)
    return render(request, "support/ticket_detail.html", {
        "ticket": ticket, "ticket_messages": ticket_messages(ticket, include_internal=False), "form": ReplyForm(),
    })


@login_required
@require_POST
def ticket_response_view(request, ticket_id: int):
    """`ticket_respond`: the requester's reply (a ticket waiting on them, or resolved, opens again)."""
    ticket = ticket_for_requester(user=request.user, pk=ticket_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            ticket_reply(ticket=ticket, author=request.user, body=form.cleaned_data["body"])
        except (ValidationError, DomainError) as exc:
            if _wants_json(request):
                status, payload = error_payload(exc)
                return JsonResponse(payload, status=status)
            form_add_service_error(form, exc, default_field="body")
        else:
            messages.success(request, _("Your reply is added to the ticket."))
            return redirect("ticket_detail", ticket.pk)
    return render(request, "support/ticket_detail.html", {
        "ticket": ticket, "ticket_messages": ticket_messages(ticket, include_internal=False), "form": form,
    }, status=400)


# --- inbound e-mail (Mailgun route, forward() to this URL) ----------------------------------------
@csrf_exempt
@require_POST
def inbound_email_view(request):
    """Mailgun's parsed inbound message: signature checked, the ticket found by the token in the recipient address.

    200 for an added (or already added) reply; 406 tells Mailgun not to retry a message we will never
    accept (unknown address, another sender, nothing written); 403 for a bad or stale signature.
    """
    fields = request.POST
    if request.content_type == "application/json":
        try:
            fields = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"code": "invalid", "message": "invalid JSON", "fields": {}}, status=400)
    try:
        email = inbound.mailgun_parse(fields, signing_key=settings.SUPPORT_INBOUND_SIGNING_KEY,
                                      max_age=settings.SUPPORT_INBOUND_MAX_AGE_SECONDS)
        message = inbound.inbound_reply_add(email)
    except inbound.InboundSignatureError as exc:
        log.warning("support inbound: %s", exc)
        return JsonResponse({"code": exc.code, "message": str(exc), "fields": {}}, status=403)
    except (ValidationError, DomainError) as exc:
        status, payload = error_payload(exc)
        if isinstance(exc, NotFound) or status in (400, 403):
            status = 406
        return JsonResponse(payload, status=status)
    return HttpResponse(f"ok {message.pk}", content_type="text/plain")
