"""The buyer's conversations with shops: the seed's ``conversations``, ``send_message`` and ``chat_with_vendor``,
plus the thread page, the JSON the page polls when its websocket is down, and reporting a message.

Thin doors: every conversation is fetched through ``marketplace.chat.access.conversation_for_user`` (somebody
else's answers 404), every write goes through a ``marketplace.chat.services`` function, every refusal through the
one error table. These are the buyer's doors (side=buyer); the shop answers from the vendor site's chat page.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doors.errors import error_payload
from marketplace.chat.access import conversation_for_user
from marketplace.chat.models import Conversation, Message, MessageReport, Side
from marketplace.chat.selectors import (
    conversation_list_for_buyer,
    conversation_messages,
    conversation_poll,
    message_payload,
    order_joins,
)
from marketplace.chat.services import conversation_mark_read, conversation_start, message_report, message_send
from marketplace.common.errors import NotFound
from marketplace.orders.models import Order
from marketplace.products.models import Product
from marketplace.vendors.models import VendorProfile


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _json_refusals(view):
    """JSON callers (the page's script) get ``{code, message, fields}`` for a conversation that is not theirs too."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            if not _wants_json(request):
                raise
            status, payload = error_payload(exc)
            return JsonResponse(payload, status=status)

    return wrapped


def _refused(request, exc, back: str):
    status, payload = error_payload(exc)
    if _wants_json(request):
        return JsonResponse(payload, status=status)
    messages.error(request, payload["message"])
    return redirect(back)


def thread_context(conversation: Conversation, side: str) -> dict:
    """What a thread page shows, the storefront's and the vendor site's alike."""
    thread = conversation_messages(conversation=conversation)
    return {
        "conversation": conversation,
        "side": side,
        "thread": thread,
        "last_id": thread[-1].pk if thread else 0,
        "contact_hidden": not order_joins(buyer_id=conversation.buyer_id, vendor_id=conversation.vendor_id),
        "report_reasons": MessageReport.Reason.choices,
        "poll_url": reverse("conversation_messages", args=[conversation.pk]),
        "send_url": reverse("send_message", args=[conversation.pk]),
        "report_base": reverse("report_message", args=[conversation.pk, 1]).removesuffix("1/"),
    }


@login_required
@require_GET
def conversation_list_view(request):
    """`conversations`: the buyer's conversations, newest first, with what is unread."""
    return render(request, "chat/conversation_list.html", {"conversations": conversation_list_for_buyer(user=request.user)})


@login_required
@require_GET
def conversation_detail_view(request, conversation_id: int):
    conversation, side = conversation_for_user(user=request.user, pk=conversation_id, side=Side.BUYER)
    conversation_mark_read(conversation=conversation, reader=request.user)
    return render(request, "chat/conversation.html", thread_context(conversation, side))


@login_required
@require_POST
@_json_refusals
def message_create_view(request, conversation_id: int):
    """`send_message`: POST text (and photos). JSON callers get the message (201) or {code, message, fields}."""
    conversation, _side = conversation_for_user(user=request.user, pk=conversation_id, side=Side.BUYER)
    back = reverse("conversation_detail", args=[conversation.pk])
    try:
        message = message_send(
            conversation=conversation, sender=request.user, text=request.POST.get("text", ""),
            photos=request.FILES.getlist("photos"),
        )
    except ValidationError as exc:
        return _refused(request, exc, back)
    if _wants_json(request):
        return JsonResponse({**message_payload(message), "mine": True}, status=201)
    return redirect(back)


@login_required
@require_GET
@_json_refusals
def conversation_messages_view(request, conversation_id: int):
    """Polling, when the page's websocket is down: messages after ``after`` and the read receipts (marks them read)."""
    conversation, side = conversation_for_user(user=request.user, pk=conversation_id, side=Side.BUYER)
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    conversation_mark_read(conversation=conversation, reader=request.user)
    response = JsonResponse(conversation_poll(conversation=conversation, side=side, after_id=after))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
@_json_refusals
def message_report_view(request, conversation_id: int, message_id: int):
    conversation, _side = conversation_for_user(user=request.user, pk=conversation_id, side=Side.BUYER)
    back = reverse("conversation_detail", args=[conversation.pk])
    message = Message.objects.filter(conversation=conversation, pk=message_id).select_related("conversation").first()
    if message is None:
        raise NotFound()
    try:
        message_report(
            message=message, reporter=request.user, reason=request.POST.get("reason", ""), note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        return _refused(request, exc, back)
    if _wants_json(request):
        return JsonResponse({"reported": True}, status=201)
    messages.success(request, _("Thank you. Our team will look at this message."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def chat_with_vendor_view(request, vendor_id: int):
    """`chat_with_vendor`: "Ask the seller" from a product (?product=) or an order (?order=).

    An existing conversation opens at once; otherwise the page asks for the first message and the conversation
    starts with it (no empty conversation is left behind by a visit).
    """
    vendor = VendorProfile.objects.filter(pk=vendor_id).first()
    if vendor is None:
        raise NotFound()
    product = order = None
    source = request.POST if request.method == "POST" else request.GET
    try:
        if source.get("order"):
            order = Order.objects.filter(pk=int(source["order"]), buyer=request.user).first()
            if order is None:
                raise NotFound()
        elif source.get("product"):
            product = Product.objects.select_related("vendor").filter(pk=int(source["product"])).first()
            if product is None:
                raise NotFound()
        else:
            raise NotFound()
    except ValueError as exc:
        raise NotFound() from exc
    back = reverse("order_detail", args=[order.pk]) if order else reverse("product_detail", args=[product.pk])
    existing = Conversation.objects.filter(
        buyer=request.user, vendor=vendor, product=product if order is None else None, order=order
    ).first()
    if request.method == "GET" and existing is not None:
        return redirect("conversation_detail", conversation_id=existing.pk)
    if request.method == "POST":
        try:
            conversation = existing or conversation_start(buyer=request.user, product=product, order=order, vendor=vendor)
            message_send(
                conversation=conversation, sender=request.user, text=request.POST.get("text", ""),
                photos=request.FILES.getlist("photos"),
            )
        except ValidationError as exc:
            return _refused(request, exc, request.get_full_path())
        return redirect("conversation_detail", conversation_id=conversation.pk)
    if product is not None and product.vendor_id != vendor.pk:
        raise NotFound()
    context = {
        "vendor": vendor, "product": product, "order": order, "back": back,
        "contact_hidden": not order_joins(buyer_id=request.user.pk, vendor_id=vendor.pk),
    }
    return render(request, "chat/start.html", context)
