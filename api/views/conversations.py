"""``/api/conversations/`` and ``/api/messages/`` (buyer ↔ shop), ``/api/tickets/`` with ``respond``.

The same rules as the pages: ``marketplace.chat.access`` (a conversation's buyer and its shop, nobody
else) and ``marketplace.support.access`` (a requester's own tickets; support staff by their assignment).
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.chat.access import conversation_for_user
from marketplace.chat.models import Side
from marketplace.chat.selectors import (
    conversation_list_for_buyer,
    conversation_list_for_vendor,
    conversation_poll,
)
from marketplace.chat.services import conversation_mark_read, conversation_start, message_send
from marketplace.orders.models import Order
from marketplace.products.models import Product
from marketplace.support.access import is_support_staff, ticket_for_requester, ticket_for_staff, ticket_scope_for_staff
from marketplace.support.models import Priority, Ticket
from marketplace.support.selectors import ticket_messages, tickets_for_requester
from marketplace.support.services import ticket_create, ticket_reply
from marketplace.vendors.access import approved_vendor_for_user

from ..pagination import NewestFirst

ID = {"min_value": 1, "max_value": 2**63 - 1}


def conversation_out(conversation, *, side: str) -> dict:
    return {
        "id": conversation.pk, "side": side,
        "shop": {"id": conversation.vendor_id, "name": conversation.vendor.shop_name},
        "product_id": conversation.product_id, "order_id": conversation.order_id,
        "last_message_at": conversation.last_message_at, "unread": getattr(conversation, "unread", None),
        "last_text": getattr(conversation, "last_text", None),
    }


class ConversationStart(serializers.Serializer):
    product_id = serializers.IntegerField(required=False, **ID)
    order_id = serializers.IntegerField(required=False, **ID)
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, data):
        if bool(data.get("product_id")) == bool(data.get("order_id")):
            raise serializers.ValidationError("Give a product_id or an order_id.")
        return data


class MessageWrite(serializers.Serializer):
    conversation = serializers.IntegerField(**ID)
    text = serializers.CharField(max_length=2000)


class ConversationViewSet(viewsets.ViewSet):
    """A buyer's conversations (``?as=shop``: the caller's shop's); start one about a piece or an order."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_value_converter = "id"

    def _side(self) -> str:
        return Side.VENDOR if self.request.query_params.get("as") == "shop" else Side.BUYER

    @extend_schema(operation_id="conversations_list", parameters=[OpenApiParameter("as", str, enum=["buyer", "shop"])],
                   responses=OpenApiTypes.OBJECT)
    def list(self, request):
        side = self._side()
        if side == Side.VENDOR:
            vendor = approved_vendor_for_user(request.user)
            if vendor is None:
                raise Http404
            rows = conversation_list_for_vendor(vendor=vendor)
        else:
            rows = conversation_list_for_buyer(user=request.user)
        return Response([conversation_out(c, side=side) for c in rows[:100]])

    @extend_schema(request=ConversationStart, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        data = ConversationStart(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        product = order = None
        if values.get("product_id"):
            product = Product.objects.public().filter(pk=values["product_id"]).select_related("vendor").first()
            if product is None:
                raise Http404
        else:
            order = Order.objects.filter(pk=values["order_id"], buyer=request.user).first()
            if order is None:
                raise Http404
        conversation = conversation_start(buyer=request.user, product=product, order=order)
        if values["text"]:
            message_send(conversation=conversation, sender=request.user, text=values["text"])
        conversation, side = conversation_for_user(user=request.user, pk=conversation.pk)
        return Response(conversation_out(conversation, side=side), status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        conversation, side = conversation_for_user(user=request.user, pk=pk)
        thread = conversation_poll(conversation=conversation, side=side)
        conversation_mark_read(conversation=conversation, reader=request.user)
        return Response({**conversation_out(conversation, side=side), **thread})


class MessagesView(APIView):
    """The seed's ``/api/messages/``: a conversation's messages after an id (GET), or a new one (POST)."""

    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        if self.request.method == "POST":
            self.throttle_scope = "messages"
        return super().get_throttles()

    @extend_schema(parameters=[OpenApiParameter("conversation", int, required=True), OpenApiParameter("after", int)],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request):
        ids = {}
        for name, required in (("conversation", True), ("after", False)):
            raw = request.query_params.get(name, "")
            if not raw and not required:
                continue
            if not raw.isdigit() or len(raw) > 18:
                raise serializers.ValidationError({name: ["A whole number is required."]})
            ids[name] = int(raw)
        conversation, side = conversation_for_user(user=request.user, pk=ids["conversation"])
        return Response(conversation_poll(conversation=conversation, side=side, after_id=ids.get("after", 0)))

    @extend_schema(request=MessageWrite, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = MessageWrite(data=request.data)
        data.is_valid(raise_exception=True)
        conversation, side = conversation_for_user(user=request.user, pk=data.validated_data["conversation"])
        message = message_send(conversation=conversation, sender=request.user, text=data.validated_data["text"])
        return Response({"id": message.pk, "side": side, "text": message.text, "masked": message.masked,
                         "created_at": message.created_at}, status=status.HTTP_201_CREATED)


class TicketWrite(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10000)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    order_id = serializers.IntegerField(required=False, **ID)
    product_id = serializers.IntegerField(required=False, **ID)


class RespondWrite(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    internal = serializers.BooleanField(default=False, help_text="support staff only: a note the requester never sees")


def ticket_out(ticket, *, staff: bool, messages=None) -> dict:
    out = {
        "id": ticket.pk, "subject": ticket.subject, "status": ticket.status, "status_label": str(ticket.get_status_display()),
        "priority": ticket.priority, "order_id": ticket.order_id, "product_id": ticket.product_id,
        "created_at": ticket.created_at, "last_activity_at": ticket.last_activity_at,
    }
    if staff:
        out["requester_id"], out["assignee_id"] = ticket.requester_id, ticket.assignee_id
    if messages is not None:
        out["messages"] = [
            {"id": m.pk, "from_staff": m.from_staff, "internal": m.internal, "body": m.body, "created_at": m.created_at}
            for m in messages
        ]
    return out


class TicketViewSet(viewsets.ViewSet):
    """A buyer's or vendor's own tickets; support staff (``?as=staff``) the queue their assignment allows."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_value_converter = "id"

    def _as_staff(self) -> bool:
        return self.request.query_params.get("as") == "staff" and is_support_staff(self.request.user)

    def _ticket(self, pk):
        if self._as_staff():
            return ticket_for_staff(user=self.request.user, pk=pk)
        return ticket_for_requester(user=self.request.user, pk=pk)

    @extend_schema(operation_id="tickets_list", parameters=[OpenApiParameter("as", str, enum=["requester", "staff"])],
                   responses=OpenApiTypes.OBJECT)
    def list(self, request):
        staff = self._as_staff()
        rows = ticket_scope_for_staff(Ticket.objects.all(), user=request.user) if staff else tickets_for_requester(user=request.user)
        paginator = NewestFirst()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([ticket_out(t, staff=staff) for t in page])

    @extend_schema(request=TicketWrite, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        data = TicketWrite(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        order_id, product_id = values.pop("order_id", None), values.pop("product_id", None)
        order = Order.objects.filter(pk=order_id).first() if order_id else None
        product = Product.objects.filter(pk=product_id).first() if product_id else None
        if (order_id and order is None) or (product_id and product is None):
            raise Http404
        ticket = ticket_create(requester=request.user, order=order, product=product, **values)
        return Response(ticket_out(ticket, staff=False), status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("as", str, enum=["requester", "staff"])], responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        staff = self._as_staff()
        ticket = self._ticket(pk)
        return Response(ticket_out(ticket, staff=staff, messages=ticket_messages(ticket, include_internal=staff)))

    @extend_schema(request=RespondWrite, parameters=[OpenApiParameter("as", str, enum=["requester", "staff"])],
                   responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        ticket = self._ticket(pk)
        data = RespondWrite(data=request.data)
        data.is_valid(raise_exception=True)
        message = ticket_reply(ticket=ticket, author=request.user, **data.validated_data)
        return Response({"id": message.pk, "internal": message.internal, "body": message.body,
                         "created_at": message.created_at}, status=status.HTTP_201_CREATED)
