"""Timed auctions with proxy bidding (seed: auctions/models.py — Auction, Bid).

An Auction is made from a validated AuctionProduct and copies its terms (starting price,
hidden reserve, the listing's own increment) so that what bidders bid against cannot move
under them. The visible price, the leader and the leader's secret maximum live on the row,
which every bid locks; Bid rows are the bid events, AuctionEvent rows the state changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel
from marketplace.common.money import format_money

MONEY = {"max_digits": 12, "decimal_places": 2}


class Auction(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    class Result(models.TextChoices):
        NONE = "", _("Not decided yet")
        SOLD = "sold", _("Sold")
        RESERVE_NOT_MET = "reserve_not_met", _("Reserve not met")
        NO_BIDS = "no_bids", _("No bids")
        UNPAID = "unpaid", _("Not paid")

    class UnpaidAction(models.TextChoices):
        END = "end", _("End the auction")
        RELIST = "relist", _("Relist the lot")

    # What bids move on the row. The bids are their own history of these, so the audit trail leaves them
    # out (apps.py), and a bid that changes nothing else writes the row without auditlog (services).
    BID_FIELDS = ("current_price", "bids_count", "leader", "leader_max", "extensions_count", "end_time")

    product = models.OneToOneField(
        "products.AuctionProduct", on_delete=models.PROTECT, related_name="auction", verbose_name=_("product")
    )
    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.PROTECT, related_name="auctions", verbose_name=_("vendor")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, default=Result.NONE, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1, help_text=_("Goes up each time the lot is relisted."))
    start_time = models.DateTimeField(_("starts at"))
    end_time = models.DateTimeField(_("ends at"))
    starting_price = models.DecimalField(_("starting price (lei)"), **MONEY)
    reserve_price = models.DecimalField(_("reserve price (lei)"), null=True, blank=True, **MONEY)
    bid_increment = models.DecimalField(_("listing's bid increment (lei)"), null=True, blank=True, **MONEY)
    current_price = models.DecimalField(_("current price (lei)"), **MONEY)
    bids_count = models.PositiveIntegerField(_("bids"), default=0)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="auctions_leading",
        verbose_name=_("leading bidder"),
    )
    leader_max = models.DecimalField(_("leader's maximum (lei)"), null=True, blank=True, **MONEY)
    extensions_count = models.PositiveIntegerField(_("soft-close extensions"), default=0)
    winner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="auctions_won",
        verbose_name=_("winner"),
    )
    winning_price = models.DecimalField(_("winning price (lei)"), null=True, blank=True, **MONEY)
    unpaid_action = models.CharField(
        _("when nobody pays"), max_length=8, choices=UnpaidAction.choices, default=UnpaidAction.END,
        help_text=_("What happens when the winner and every later bidder leave the lot unpaid."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("auction")
        verbose_name_plural = _("auctions")
        ordering = ["end_time", "pk"]
        indexes = [models.Index(fields=["status", "end_time"], name="auctions_due")]
        permissions = [
            ("can_manage_auctions", _("Can manage auctions")),
            ("can_close_auctions", _("Can close or cancel auctions")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(starting_price__gt=0), name="auctions_start_positive"),
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="auctions_ends_after_start"),
            models.CheckConstraint(
                condition=Q(leader__isnull=True) | Q(leader_max__gte=F("current_price")),
                name="auctions_leader_max_covers_price",
            ),
            models.CheckConstraint(
                condition=Q(current_price__gte=F("starting_price")), name="auctions_price_not_below_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="auctions_cancelled_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(result=""), name="auctions_ended_has_result"
            ),
        ]

    def __str__(self) -> str:
        return str(self.product.title) if "product" in self._state.fields_cache else f"#{self.pk}"

    @property
    def reserve_met(self) -> bool:
        return self.reserve_price is None or (self.bids_count > 0 and self.current_price >= self.reserve_price)

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.status in (self.Status.SCHEDULED, self.Status.LIVE) and self.start_time <= now < self.end_time


class Bid(models.Model):
    """One bid: the maximum a bidder stated, and what it did to the auction (the bid's event)."""

    class Outcome(models.TextChoices):
        LEADING = "leading", _("Highest bidder")
        OUTBID = "outbid", _("Outbid by an automatic bid")
        RAISED = "raised", _("Maximum raised")

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="bids", verbose_name=_("auction"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bids", verbose_name=_("bidder")
    )
    amount = models.DecimalField(_("maximum bid (lei)"), **MONEY)
    timestamp = models.DateTimeField(_("placed at"), default=timezone.now)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    price_after = models.DecimalField(_("price after the bid (lei)"), **MONEY)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["auction", "round", "user"], name="auctions_bid_by_user")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="auctions_bid_positive"),
            models.CheckConstraint(condition=Q(price_after__lte=F("amount")) | Q(outcome="outbid"), name="auctions_bid_price_within_max"),
        ]

    def __str__(self) -> str:
        return format_money(self.amount)


class AuctionEvent(models.Model):
    """A state change of an auction, with who made it and the details (extensions, results, orders)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        TERMS_UPDATED = "terms_updated", _("Terms updated")
        STARTED = "started", _("Started")
        EXTENDED = "extended", _("Extended by a late bid")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")
        ORDER_CREATED = "order_created", _("Order created for the buyer")
        PAID = "paid", _("Paid")
        UNPAID = "unpaid", _("Left unpaid")
        OFFERED_NEXT = "offered_next", _("Offered to the next bidder")
        RELISTED = "relisted", _("Relisted")

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="events", verbose_name=_("auction"))
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auction event")
        verbose_name_plural = _("auction events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class AuctionOrder(TimeStampedModel):
    """The order a winning (or next) bidder must pay: at most one per auction, round and attempt.

    Attempt 1 is the winner's; when it lapses unpaid, attempt 2 goes to the next-highest bidder
    at their maximum, and so on. The unique constraints make a second closer's order impossible.
    """

    class Outcome(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting payment")
        TAKEN = "taken", _("Paid or confirmed by the buyer")
        LAPSED = "lapsed", _("Not paid in time")

    auction = models.ForeignKey(Auction, on_delete=models.PROTECT, related_name="orders", verbose_name=_("auction"))
    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="auction_sale", verbose_name=_("order")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="auction_orders", verbose_name=_("buyer")
    )
    price = models.DecimalField(_("price (lei)"), **MONEY)
    round = models.PositiveSmallIntegerField(_("round"))
    attempt = models.PositiveSmallIntegerField(_("offer"), help_text=_("1 for the winner, 2 for the next bidder, ..."))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.AWAITING)

    class Meta:
        verbose_name = _("auction order")
        verbose_name_plural = _("auction orders")
        ordering = ["auction", "round", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["auction", "round", "attempt"], name="auctions_one_order_per_offer"),
            models.UniqueConstraint(
                fields=["auction"], condition=Q(outcome="awaiting"), name="auctions_one_open_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.auction_id} #{self.attempt}"
