"""What a buyer is told outside e-mail: an in-app inbox, and Web Push to the devices they allowed.

Every notification is kept in the inbox (the PWA shows it), so nothing is lost when push is
off or VAPID keys are not configured; push is a second delivery of the same row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel


class NotificationKind(models.TextChoices):
    OUTBID = "outbid", _("Outbid")
    AUCTION_WON = "auction_won", _("Auction won")
    PRICE_DROP = "price_drop", _("Price drop")
    AUCTION_CLOSED = "auction_closed", _("Auction ended")
    ORDER = "order", _("Order")
    SHOP_ORDER = "shop_order", _("Shop order")
    LISTING_REVIEWED = "listing_reviewed", _("Listing reviewed")
    SHIPMENT = "shipment", _("Shipment")
    RETURN = "return", _("Return")
    WALLET = "wallet", _("Wallet and payouts")
    MESSAGE = "message", _("Message")
    TICKET = "ticket", _("Support ticket")
    AUTHENTICITY = "authenticity", _("Authenticity check")
    AUCTION_ENDING = "auction_ending", _("Auction ending soon")
    REVIEW_INVITED = "review_invited", _("Rate the seller")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    pushed_at = models.DateTimeField(_("pushed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notifications_inbox")]

    def __str__(self) -> str:
        return self.title


class PushSubscription(TimeStampedModel):
    """One browser's push endpoint (PushSubscription.toJSON() of the Push API)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions", verbose_name=_("user")
    )
    endpoint = models.URLField(_("endpoint"), max_length=800, unique=True)
    p256dh = models.CharField(_("public key"), max_length=200)
    auth = models.CharField(_("auth secret"), max_length=100)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0)
    last_success_at = models.DateTimeField(_("last delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return self.endpoint[:60]

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class NotificationPreference(models.Model):
    """Which channels tell a person about each kind: only their changes from the defaults are kept.

    ``channels`` maps an inbox kind to {channel: on?}; what is missing follows ``kinds.PREFERENCES``
    (defaults, and locked channels that cannot be turned off).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference", verbose_name=_("user")
    )
    channels = models.JSONField(_("channels"), default=dict, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class NotificationOnce(models.Model):
    """A notice that must reach a person once only (an auction's "ending soon"): its key, claimed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice sent once")
        verbose_name_plural = _("notices sent once")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notifications_once_per_user_key")]

    def __str__(self) -> str:
        return self.key


class SmsPhone(TimeStampedModel):
    """The mobile number a person gets urgent SMS on; used only once confirmed by a code sent to it.

    Kept here, not on the account: SMS is a notification channel (accounts' tables are not ours).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_phone", verbose_name=_("user")
    )
    number = models.CharField(_("mobile number"), max_length=20, help_text=_("E.164, e.g. +40712345678"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("SMS phone")
        verbose_name_plural = _("SMS phones")

    def __str__(self) -> str:
        return self.number


class SmsMessage(TimeStampedModel):
    """One SMS to send or sent: what ``send_sms_notification`` delivers, once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        LOGGED = "logged", _("Logged by the console provider, not sent")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_messages", verbose_name=_("user")
    )
    number = models.CharField(_("mobile number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=40)
    text = models.CharField(_("text"), max_length=480)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    send_after = models.DateTimeField(_("send after"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=20, blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS")
        verbose_name_plural = _("SMS")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.number} ({self.status})"
