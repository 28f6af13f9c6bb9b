"""Buyer ↔ seller conversations: one per buyer, shop and product or order; their messages, photos and reports.

Each message has one reader, the other side of the conversation, so one ``read_at`` per message is its
read receipt. A message written before an order joins the two has its contact details masked
(``masking.py``); ``original_text`` keeps what was typed, for staff review only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel


class Side(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    VENDOR = "vendor", _("Seller")


class Conversation(TimeStampedModel):
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("buyer")
    )
    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.CASCADE, related_name="conversations", verbose_name=_("shop")
    )
    product = models.ForeignKey(
        "products.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations",
        verbose_name=_("product"),
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations",
        verbose_name=_("order"),
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            # One conversation per buyer, shop and product (asked from a product page) ...
            models.UniqueConstraint(
                fields=["buyer", "vendor", "product"], condition=models.Q(order__isnull=True),
                name="chat_one_conversation_per_product",
            ),
            # ... and one per buyer, shop and order (asked from the order's page).
            models.UniqueConstraint(
                fields=["buyer", "vendor", "order"], condition=models.Q(order__isnull=False),
                name="chat_one_conversation_per_order",
            ),
            models.CheckConstraint(
                condition=models.Q(product__isnull=False) | models.Q(order__isnull=False),
                name="chat_about_a_product_or_an_order",
            ),
        ]
        indexes = [models.Index(fields=["vendor", "-last_message_at"], name="chat_vendor_recent")]

    def __str__(self) -> str:
        about = self.order.number if self.order_id and self.order else (self.product.title if self.product else "")
        return f"{self.vendor} · {about}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="chat_messages", verbose_name=_("sender")
    )
    sender_side = models.CharField(_("written by"), max_length=6, choices=Side.choices)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    original_text = models.TextField(
        _("original text"), blank=True, help_text=_("What was typed before masking; for staff review only.")
    )
    masked = models.BooleanField(_("masked"), default=False, db_index=True)
    masked_kinds = models.JSONField(_("what was masked"), default=list, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["conversation", "sender_side", "read_at"], name="chat_unread"),
            models.Index(fields=["read_at", "emailed_at", "created_at"], name="chat_unread_email"),
            # the rate limit counts a sender's messages of the last minute (services.message_send)
            models.Index(fields=["sender", "created_at"], name="chat_sender_recent"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


def message_photo_path(instance, filename: str) -> str:
    return f"chat/{instance.message.conversation_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class MessagePhoto(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="photos", verbose_name=_("message"))
    image = models.ImageField(_("photo"), upload_to=message_photo_path)

    class Meta:
        verbose_name = _("message photo")
        verbose_name_plural = _("message photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class MessageReport(TimeStampedModel):
    class Reason(models.TextChoices):
        OFF_PLATFORM = "off_platform", _("Asks to pay or talk outside SNOBISTIC")
        SPAM = "spam", _("Spam or advertising")
        ABUSIVE = "abusive", _("Rude or abusive")
        FAKE = "fake", _("Suspected counterfeit")
        OTHER = "other", _("Something else")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports", verbose_name=_("message"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_reports", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="chat_one_report_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.message_id}"
