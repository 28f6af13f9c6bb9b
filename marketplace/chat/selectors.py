"""Reads on conversations: lists with their unread counts and last message, threads, unread badges.

Every list costs a fixed number of queries whatever its length (counts and the last message are
annotations, photos one prefetch).
"""

import functools
from datetime import datetime

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from marketplace.orders.models import Order

from .models import Conversation, Message, MessagePhoto, MessageReport, Side


def orders_joining(*, buyer_id, vendor_id) -> QuerySet[Order]:
    """The buyer's placed, not cancelled orders with this shop (ids or ``OuterRef``s): once there is one, contact
    details may pass."""
    return Order.objects.filter(buyer_id=buyer_id, shipments__vendor_id=vendor_id, placed_at__isnull=False).exclude(
        status=Order.Status.CANCELLED
    )


def order_joins(*, buyer_id: int, vendor_id: int) -> bool:
    """True once the buyer has placed an order with this shop that is not cancelled: contact details may then pass."""
    return orders_joining(buyer_id=buyer_id, vendor_id=vendor_id).exists()


@functools.cache
def _sending_facts_sql() -> str:
    message, order = Message._meta, Order._meta
    shipment = order.get_field("shipments").related_model._meta

    def column(meta, name: str) -> str:
        return connection.ops.quote_name(meta.get_field(name).column)

    def table(meta) -> str:
        return connection.ops.quote_name(meta.db_table)

    return (
        f"SELECT (SELECT COUNT(*) FROM {table(message)} m WHERE m.{column(message, 'sender')} = %s"  # noqa: S608 - names from _meta
        f" AND m.{column(message, 'created_at')} >= %s),"
        f" EXISTS (SELECT 1 FROM {table(message)} m WHERE m.{column(message, 'conversation')} = %s"
        f" AND m.{column(message, 'sender_side')} = %s AND m.{column(message, 'read_at')} IS NULL),"
        f" EXISTS (SELECT 1 FROM {table(order)} o INNER JOIN {table(shipment)} s"
        f" ON s.{column(shipment, 'order')} = o.{column(order, 'id')}"
        f" WHERE o.{column(order, 'buyer')} = %s AND s.{column(shipment, 'vendor')} = %s"
        f" AND o.{column(order, 'placed_at')} IS NOT NULL AND o.{column(order, 'status')} <> %s)"
    )


def sending_facts(*, conversation: Conversation, sender_id: int, side: str, since: datetime) -> tuple[int, bool, bool]:
    """What a new message of ``side`` needs to know, in one query: how many messages the sender wrote since
    ``since`` (the rate limit), whether an earlier message of this side is still unread (its reader was already
    told), and ``order_joins`` for the conversation (no masking then).

    Written in SQL, once per process: this runs on every message (each websocket frame), and the ORM spends ten
    times longer compiling the three subqueries than the database answering them. ``order_joins`` above is the
    same rule; tests/chat checks that they agree."""
    with connection.cursor() as cursor:
        cursor.execute(_sending_facts_sql(), [
            sender_id, connection.ops.adapt_datetimefield_value(since),
            conversation.pk, side,
            conversation.buyer_id, conversation.vendor_id, Order.Status.CANCELLED.value,
        ])
        recent, told, joined = cursor.fetchone()
    return int(recent), bool(told), bool(joined)


def _with_summary(qs: QuerySet[Conversation], *, reader_side: str) -> QuerySet[Conversation]:
    """Each conversation with ``unread`` (messages of the other side the reader has not read) and its last message."""
    other = Side.VENDOR if reader_side == Side.BUYER else Side.BUYER
    last = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created_at", "-pk")
    return qs.select_related("vendor", "product", "order", "buyer").annotate(
        unread=Count("messages", filter=Q(messages__sender_side=other, messages__read_at__isnull=True)),
        last_text=Subquery(last.values("text")[:1]),
        last_side=Subquery(last.values("sender_side")[:1]),
    ).order_by("-last_message_at", "-pk")


def conversation_list_for_buyer(*, user) -> QuerySet[Conversation]:
    return _with_summary(Conversation.objects.filter(buyer=user, last_message_at__isnull=False), reader_side=Side.BUYER)


def conversation_list_for_vendor(*, vendor) -> QuerySet[Conversation]:
    return _with_summary(Conversation.objects.filter(vendor=vendor, last_message_at__isnull=False), reader_side=Side.VENDOR)


def conversation_messages(*, conversation: Conversation, after_id: int = 0, limit: int = 200) -> list[Message]:
    """The thread (oldest first), or only what came after ``after_id`` (polling); the last ``limit`` messages."""
    qs = conversation.messages.filter(pk__gt=after_id).prefetch_related(
        Prefetch("photos", queryset=MessagePhoto.objects.order_by("pk"))
    )
    return list(reversed(qs.order_by("-created_at", "-pk")[:limit]))


def unread_count_for_buyer(*, user) -> int:
    """Messages from shops the buyer has not read (the storefront's tab bar). One query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Message.objects.filter(conversation__buyer=user, sender_side=Side.VENDOR, read_at__isnull=True).count()


def unread_count_for_vendor(*, vendor) -> int:
    """Messages from buyers the shop has not read (the vendor site's menu). One query."""
    if vendor is None:
        return 0
    return Message.objects.filter(conversation__vendor=vendor, sender_side=Side.BUYER, read_at__isnull=True).count()


def conversations_flagged() -> QuerySet[Conversation]:
    """For staff: conversations with a masked or a reported message, with how many of each."""
    reported = MessageReport.objects.filter(message__conversation=OuterRef("pk"))
    masked = Message.objects.filter(conversation=OuterRef("pk"), masked=True)
    return (
        Conversation.objects.filter(Q(Exists(reported)) | Q(Exists(masked)))
        .select_related("vendor", "buyer", "product", "order")
        .annotate(
            masked_count=Count("messages", filter=Q(messages__masked=True), distinct=True),
            report_count=Count("messages__reports", distinct=True),
        )
    )


def message_payload(message: Message, *, photos: list | None = None) -> dict:
    """A message as the pages' script and the websocket show it (photos: their URLs; given by the sender's
    service, which knows them, else read from the message)."""
    if photos is None:
        photos = [photo.image.url for photo in message.photos.all()]
    return {
        "id": message.pk,
        "side": message.sender_side,
        "text": message.text,
        "masked": message.masked,
        "photos": photos,
        "created_at": message.created_at.isoformat(),
        "read_at": message.read_at.isoformat() if message.read_at else None,
    }


def conversation_poll(*, conversation: Conversation, side: str, after_id: int = 0) -> dict:
    """What a thread page polls for when its websocket is down: newer messages and how far ours were read."""
    last_read = (
        conversation.messages.filter(sender_side=side, read_at__isnull=False)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "messages": [
            {**message_payload(m), "mine": m.sender_side == side}
            for m in conversation_messages(conversation=conversation, after_id=after_id)
        ],
        "read_up_to": last_read or 0,
    }
