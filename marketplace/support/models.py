"""Live support and tickets.

A buyer (or a vendor) asks for help live (``LiveChat``): it waits in the agents' queue until an
agent takes it; when nobody takes it within ``SupportSettings.live_wait_minutes``, or no agent is
online, it becomes a ``Ticket`` and the requester is e-mailed. Tickets carry priority, status,
assignee, public replies and internal notes (``TicketMessage``) and a history of every change
(``TicketEvent``); their SLA due times come from ``SlaTarget`` (one row per priority).

An agent who takes a conversation or a ticket gets django-guardian object permissions on it
(``*UserObjectPermission``, direct foreign keys); ``access.py`` reads them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from marketplace.common.models import TimeStampedModel


class SupportSettings(TimeStampedModel):
    """Support's own settings (one row, pk 1), edited by staff in the back office."""

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)
    live_wait_minutes = models.PositiveSmallIntegerField(
        _("live chat wait (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("A live conversation no agent takes within this many minutes becomes a ticket."),
    )
    presence_seconds = models.PositiveSmallIntegerField(
        _("agent presence (seconds)"),
        default=90,
        validators=[MinValueValidator(20), MaxValueValidator(3600)],
        help_text=_("An agent counts as online this long after their live chat page last checked in."),
    )

    class Meta:
        verbose_name = _("support settings")
        verbose_name_plural = _("support settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="support_settings_singleton"),
            models.CheckConstraint(condition=models.Q(live_wait_minutes__gte=1), name="support_settings_wait_min"),
        ]

    def __str__(self) -> str:
        return str(_("Support settings"))


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class SlaTarget(TimeStampedModel):
    """How soon a ticket of one priority gets its first answer and its resolution."""

    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, unique=True)
    first_response_minutes = models.PositiveIntegerField(
        _("first response (minutes)"), validators=[MinValueValidator(1)],
    )
    resolution_minutes = models.PositiveIntegerField(_("resolution (minutes)"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["first_response_minutes"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolution_minutes__gte=models.F("first_response_minutes")),
                name="support_sla_resolution_after_response",
            ),
            models.CheckConstraint(condition=models.Q(first_response_minutes__gte=1), name="support_sla_response_min"),
        ]

    def __str__(self) -> str:
        return self.get_priority_display()


class LiveChat(TimeStampedModel):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an agent")
        ACTIVE = "active", _("With an agent")
        CLOSED = "closed", _("Closed")
        TICKETED = "ticketed", _("Became a ticket")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_chats", verbose_name=_("requester"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_chats_taken",
        verbose_name=_("agent"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    ticket = models.OneToOneField(
        "support.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="live_chat",
        verbose_name=_("ticket"),
    )

    class Meta:
        verbose_name = _("live conversation")
        verbose_name_plural = _("live conversations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="support_chat_queue")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.topic}"


class LiveChatMessage(models.Model):
    chat = models.ForeignKey(LiveChat, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("author"),
    )
    from_agent = models.BooleanField(_("from support"), default=False)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("live message")
        verbose_name_plural = _("live messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class Ticket(TimeStampedModel):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        WAITING_ON_CUSTOMER = "waiting", _("Waiting on customer")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        WEB = "web", _("Website")
        VENDOR = "vendor", _("Vendor back office")
        LIVE_CHAT = "live_chat", _("Live chat")
        STAFF = "staff", _("Staff")

    subject = models.CharField(_("subject"), max_length=200)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_tickets", verbose_name=_("requester"),
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="support_tickets",
        verbose_name=_("order"),
    )
    product = models.ForeignKey(
        "products.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="support_tickets",
        verbose_name=_("product"),
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_assigned",
        verbose_name=_("assignee"),
    )
    reply_token = models.CharField(_("reply token"), max_length=32, unique=True, editable=False)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-pk"]
        permissions = [("can_manage_support_tickets", _("Can manage support tickets"))]
        indexes = [
            models.Index(fields=["status", "priority"], name="support_ticket_queue"),
            models.Index(fields=["requester", "-created_at"], name="support_ticket_requester"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.RESOLVED, self.Status.CLOSED)


class TicketMessage(models.Model):
    class Source(models.TextChoices):
        WEB = "web", _("Website")
        EMAIL = "email", _("E-mail")
        LIVE_CHAT = "live_chat", _("Live chat")
        STAFF = "staff", _("Back office")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("author"),
    )
    from_staff = models.BooleanField(_("from support"), default=False)
    internal = models.BooleanField(_("internal note"), default=False, help_text=_("Seen by staff only."))
    body = models.TextField(_("message"), max_length=10000)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    # The inbound e-mail's Message-Id: the same e-mail delivered twice adds one reply.
    email_message_id = models.CharField(_("e-mail message id"), max_length=255, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(internal=False) | models.Q(from_staff=True), name="support_note_from_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class TicketEvent(models.Model):
    """One change of a ticket: who, what, from and to, when."""

    class Type(models.TextChoices):
        CREATED = "created", _("Created")
        FROM_LIVE_CHAT = "from_live_chat", _("Created from a live conversation")
        REPLIED = "replied", _("Public reply")
        NOTE = "note", _("Internal note")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        ASSIGNED = "assigned", _("Assigned")
        TRANSFERRED = "transferred", _("Transferred")
        ACCESS_GRANTED = "access_granted", _("Access granted")
        EMAIL_REPLY = "email_reply", _("Reply by e-mail")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    from_value = models.CharField(_("from"), max_length=200, blank=True)
    to_value = models.CharField(_("to"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket history")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.from_label} → {self.to_label}"

    def _label(self, value: str) -> str:
        """Statuses and priorities are kept as codes (stable) and shown by their label in the reader's language."""
        choices = {self.Type.STATUS: Ticket.Status, self.Type.PRIORITY: Priority}.get(self.type)
        if choices is not None and value in choices.values:
            return str(choices(value).label)
        return value

    @property
    def from_label(self) -> str:
        return self._label(self.from_value)

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)


class TicketUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's object permissions on tickets, with a real foreign key (joins, not casts)."""

    content_object = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="agent_permissions")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("ticket permission")
        verbose_name_plural = _("ticket permissions")


class LiveChatUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(LiveChat, on_delete=models.CASCADE, related_name="agent_permissions")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("live conversation permission")
        verbose_name_plural = _("live conversation permissions")
