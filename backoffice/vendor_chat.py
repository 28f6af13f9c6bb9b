"""The vendor site's chat page (/vendors/chat/): the shop's conversations beside the open thread, and the reply.

A real page inside the vendor back office, behind its sign-in and second factor: the list (unread first in
weight, newest first), the thread with read receipts, a reply form with photos, live over the conversation's
websocket and polling ``?after=`` (JSON) when the socket is down. Every conversation is fetched through
``marketplace.chat.access.conversation_for_user`` with ``side=vendor``: another shop's answers 404.
``unread_badge`` is the menu's badge (``UNFOLD_VENDOR``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from doors.errors import error_payload
from marketplace.chat.access import conversation_for_user
from marketplace.chat.models import Message, MessageReport, Side
from marketplace.chat.selectors import (
    conversation_list_for_vendor,
    conversation_messages,
    conversation_poll,
    message_payload,
    order_joins,
    unread_count_for_vendor,
)
from marketplace.chat.services import conversation_mark_read, message_report, message_send
from marketplace.common.errors import NotFound
from marketplace.vendors.access import approved_vendor_for_user

from .sites import vendor_site
from .wizard_views import VendorPageMixin


def unread_badge(request) -> str:
    """The number beside "Messages" in the vendor menu (empty when nothing is unread)."""
    count = unread_count_for_vendor(vendor=approved_vendor_for_user(request.user))
    return str(count) if count else ""


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class VendorChatView(VendorPageMixin, TemplateView):
    title = gettext_lazy("Messages")
    template_name = "backoffice/vendor_chat.html"

    def _open(self):
        pk = self.kwargs.get("conversation_id")
        if pk is None:
            return None, None
        return conversation_for_user(user=self.request.user, pk=pk, side=Side.VENDOR)

    def get(self, request, *args, **kwargs):
        conversation, side = self._open()
        if conversation is not None and _wants_json(request):
            try:
                after = max(0, int(request.GET.get("after", "0")))
            except ValueError:
                after = 0
            conversation_mark_read(conversation=conversation, reader=request.user)
            response = JsonResponse(conversation_poll(conversation=conversation, side=side, after_id=after))
            response["Cache-Control"] = "no-store"
            return response
        if conversation is not None:
            conversation_mark_read(conversation=conversation, reader=request.user)
        self.conversation, self.side = conversation, side
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        conversation, _side = self._open()
        if conversation is None:
            raise NotFound()
        back = reverse("vendor_chat_thread", args=[conversation.pk])
        try:
            message = message_send(
                conversation=conversation, sender=request.user, text=request.POST.get("text", ""),
                photos=request.FILES.getlist("photos"),
            )
        except ValidationError as exc:
            status, payload = error_payload(exc)
            if _wants_json(request):
                return JsonResponse(payload, status=status)
            messages.error(request, payload["message"])
            return redirect(back)
        if _wants_json(request):
            return JsonResponse({**message_payload(message), "mine": True}, status=201)
        return redirect(back)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = approved_vendor_for_user(self.request.user)
        context["conversations"] = conversation_list_for_vendor(vendor=vendor)[:100]
        conversation = self.conversation
        context["conversation"] = conversation
        if conversation is not None:
            thread = conversation_messages(conversation=conversation)
            context.update(
                side=self.side,
                thread=thread,
                last_id=thread[-1].pk if thread else 0,
                contact_hidden=not order_joins(buyer_id=conversation.buyer_id, vendor_id=conversation.vendor_id),
                report_reasons=MessageReport.Reason.choices,
                poll_url=reverse("vendor_chat_thread", args=[conversation.pk]),
                send_url=reverse("vendor_chat_thread", args=[conversation.pk]),
                report_base=reverse("vendor_report_message", args=[conversation.pk, 1]).removesuffix("1/"),
            )
        return context


class VendorReportMessageView(VendorPageMixin, TemplateView):
    def post(self, request, conversation_id: int, message_id: int):
        conversation, _side = conversation_for_user(user=request.user, pk=conversation_id, side=Side.VENDOR)
        message = Message.objects.filter(conversation=conversation, pk=message_id).select_related("conversation").first()
        if message is None:
            raise NotFound()
        try:
            message_report(message=message, reporter=request.user, reason=request.POST.get("reason", ""), note=request.POST.get("note", ""))
        except ValidationError as exc:
            _status, payload = error_payload(exc)
            messages.error(request, payload["message"])
        else:
            messages.success(request, _("Thank you. Our team will look at this message."))
        return redirect("vendor_chat_thread", conversation_id=conversation.pk)


def _page(view_class):
    return vendor_site.admin_view(view_class.as_view(admin_site=vendor_site))


urlpatterns = [
    path("chat/", _page(VendorChatView), name="vendor_chat"),
    path("chat/<int:conversation_id>/", _page(VendorChatView), name="vendor_chat_thread"),
    path("chat/<int:conversation_id>/report/<int:message_id>/", _page(VendorReportMessageView), name="vendor_report_message"),
]
