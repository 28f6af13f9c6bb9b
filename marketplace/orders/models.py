"""Carts, orders (one shipment per vendor), payments, order events and invoices.

Order states (DESIGN.md):

    pending_payment → paid → awb_generated → shipped → delivered → completed
    cancelled (before shipping) · delivered → return_requested → returned → refunded

Cash on delivery (ramburs) is *confirmed* at placement: the order stays ``pending_payment``
(nothing has been paid) with ``confirmed_at`` set, may go straight to ``awb_generated``, and
its payment is recorded when the courier delivers it. Card and bank-transfer orders are
confirmed when they are paid. The allowed moves are ``TRANSITIONS`` below; only the order
services (``lifecycle.py``, and ``checkout.py`` when an order is made) change ``status``.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel
from marketplace.common.money import format_money

# Order numbers are read over the phone: no 0/O, 1/I/L.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class Cart(TimeStampedModel):
    """A signed-in buyer's cart (``user``) or a guest's (``session_token``, kept in the session)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="cart", verbose_name=_("buyer")
    )
    session_token = models.CharField(_("guest token"), max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, session_token__isnull=True)
                | models.Q(user__isnull=True, session_token__isnull=False),
                name="orders_cart_user_xor_guest",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or _("guest cart"))


class CartItem(TimeStampedModel):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items", verbose_name=_("cart"))
    product = models.ForeignKey(
        "products.StoreProduct", on_delete=models.CASCADE, related_name="cart_items", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="orders_cartitem_once_per_cart"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orders_cartitem_quantity_positive"),
        ]


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card (Stripe)")
    COD = "cod", _("Cash on delivery")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


class DeliveryMethod(models.TextChoices):
    COURIER = "courier", _("Courier to the address")
    LOCKER = "locker", _("Courier locker")
    PICKUP = "pickup", _("Personal pick-up")


class BillingType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COMPANY = "company", _("Company")


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        AWB_GENERATED = "awb_generated", _("AWB generated")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        RETURN_REQUESTED = "return_requested", _("Return requested")
        RETURNED = "returned", _("Returned")
        REFUNDED = "refunded", _("Refunded")

    class Source(models.TextChoices):
        CHECKOUT = "checkout", _("Checkout")
        AUCTION = "auction", _("Auction")

    number = models.CharField(_("number"), max_length=11, unique=True, editable=False)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders", verbose_name=_("buyer"))
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING_PAYMENT, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.CHECKOUT)
    payment_method = models.CharField(_("payment method"), max_length=16, choices=PaymentMethod.choices, blank=True)
    # Delivery and invoicing details; empty on an auction order until the winner completes its checkout.
    shipping_name = models.CharField(_("recipient"), max_length=150, blank=True)
    shipping_phone = models.CharField(_("phone"), max_length=20, blank=True)
    shipping_address = models.CharField(_("address"), max_length=255, blank=True)
    shipping_city = models.CharField(_("city"), max_length=100, blank=True)
    shipping_county = models.CharField(_("county"), max_length=100, blank=True)
    shipping_postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    billing_type = models.CharField(_("billing as"), max_length=10, choices=BillingType.choices, default=BillingType.INDIVIDUAL)
    billing_name = models.CharField(_("billing name"), max_length=255, blank=True)
    billing_vat_number = models.CharField(_("VAT number (CUI)"), max_length=32, blank=True)
    billing_registration_number = models.CharField(_("trade register number"), max_length=40, blank=True)
    billing_address = models.CharField(_("billing address"), max_length=255, blank=True)
    billing_city = models.CharField(_("billing city"), max_length=100, blank=True)
    billing_county = models.CharField(_("billing county"), max_length=100, blank=True)
    items_total = models.DecimalField(_("items"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    shipping_total = models.DecimalField(_("shipping"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    placed_at = models.DateTimeField(_("placed at"), null=True, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    pay_by = models.DateTimeField(_("pay by"), null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=500, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("can_view_all_orders", _("Can view all orders")),
            ("can_manage_orders", _("Can manage orders")),
        ]
        indexes = [models.Index(fields=["buyer", "-created_at"], name="orders_buyer_recent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="orders_order_total_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_at__isnull=False), name="orders_paid_has_paid_at"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_placed(self) -> bool:
        """Delivery and payment chosen (an auction order is not, until its winner checks out)."""
        return self.placed_at is not None

    @property
    def awaits_payment(self) -> bool:
        return self.status == self.Status.PENDING_PAYMENT and self.payment_method != PaymentMethod.COD

    @property
    def status_label(self) -> str:
        """The status as the buyer reads it: a confirmed cash-on-delivery order is not "awaiting payment"."""
        if self.status == self.Status.PENDING_PAYMENT and self.payment_method == PaymentMethod.COD and self.confirmed_at:
            return str(_("Confirmed — pay on delivery"))
        return str(self.get_status_display())


S = Order.Status
# Allowed moves. COD orders may go pending_payment → awb_generated (see the module docstring).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.AWB_GENERATED, S.CANCELLED}),
    S.PAID: frozenset({S.AWB_GENERATED, S.CANCELLED}),
    S.AWB_GENERATED: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.RETURN_REQUESTED}),
    # A return refused in the end (or withdrawn) leaves the sale final: the order completes.
    S.RETURN_REQUESTED: frozenset({S.RETURNED, S.COMPLETED}),
    # Part of the order came back and was refunded; the rest stays sold and completes (see returns.order_given_back).
    S.RETURNED: frozenset({S.REFUNDED, S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}


class Shipment(TimeStampedModel):
    """One vendor's part of an order: its items, delivery method and shipping price (AWB comes later).

    Its own dates: ``ship_by`` (set when the order is paid, or confirmed for cash on delivery),
    ``shipped_at`` (handed to the courier), ``delivered_at`` and ``return_window_ends``. A shop that
    misses ``ship_by`` has its shipment cancelled alone (``cancelled_at``), the rest of the order goes on.
    """

    class DeliveredBy(models.TextChoices):
        COURIER = "courier", _("Courier tracking")
        VENDOR = "vendor", _("The shop")
        STAFF = "staff", _("The SNOBISTIC team")
        BUYER = "buyer", _("The buyer confirmed receipt")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments", verbose_name=_("order"))
    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.PROTECT, related_name="shipments", verbose_name=_("vendor"))
    delivery_method = models.CharField(_("delivery"), max_length=10, choices=DeliveryMethod.choices, blank=True)
    locker_id = models.CharField(_("locker"), max_length=60, blank=True)
    items_total = models.DecimalField(_("items"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    shipping_price = models.DecimalField(_("shipping"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    ship_by = models.DateTimeField(_("ship by"), null=True, blank=True, db_index=True)
    ship_warned_at = models.DateTimeField(_("deadline warning sent at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivered_by = models.CharField(_("delivery confirmed by"), max_length=10, choices=DeliveredBy.choices, blank=True)
    return_window_ends = models.DateTimeField(_("return window ends"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "vendor"], name="orders_one_shipment_per_vendor"),
            models.CheckConstraint(condition=models.Q(shipping_price__gte=0), name="orders_shipping_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} · {self.vendor_id}"

    @property
    def total(self) -> Decimal:
        return self.items_total + self.shipping_price


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order"))
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="items", verbose_name=_("shipment"))
    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.PROTECT, related_name="order_items", verbose_name=_("vendor"))
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="order_items", verbose_name=_("product"))
    title = models.CharField(_("title"), max_length=150)
    sku = models.CharField(_("SKU"), max_length=40, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)
    stock_reserved = models.BooleanField(_("stock reserved"), default=False)

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orders_item_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gt=0), name="orders_item_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} × {self.quantity}"


class OrderEvent(models.Model):
    """The audit trail: every state change, payment and note, with who and when."""

    class Type(models.TextChoices):
        PLACED = "placed", _("Order placed")
        STATUS = "status", _("Status changed")
        PAYMENT = "payment", _("Payment")
        PAYMENT_FAILED = "payment_failed", _("Payment failed")
        REFUND = "refund", _("Refund")
        NOTE = "note", _("Note")
        SHIPMENT = "shipment", _("Shipment")
        RETURN = "return", _("Return")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.from_status}→{self.to_status}"


class Payment(TimeStampedModel):
    """One attempt to take (or give back) money for an order, by one provider."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        REFUNDED = "refunded", _("Refunded")
        REFUND_PENDING = "refund_pending", _("Refund to be sent")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments", verbose_name=_("order"))
    provider = models.CharField(_("provider"), max_length=16, choices=PaymentMethod.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=255, blank=True, db_index=True)
    checkout_url = models.URLField(_("payment page"), max_length=1000, blank=True)
    refunded_amount = models.DecimalField(_("refunded"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    # Money owed back that the provider could not send (bank transfer, cash on delivery, a failed
    # card refund): staff send it by hand. Never refunded twice: see payments.refunds.
    refund_due = models.DecimalField(_("to refund by hand"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    refund_reference = models.CharField(_("refund reference"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="orders_payment_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {format_money(self.amount)} ({self.get_status_display()})"


class WebhookEvent(models.Model):
    """A provider event already handled: the same event id arriving again changes nothing."""

    provider = models.CharField(_("provider"), max_length=16)
    event_id = models.CharField(_("event id"), max_length=255)
    type = models.CharField(_("type"), max_length=100)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="orders_webhook_event_once")]


class InvoiceSequence(models.Model):
    """The last invoice number used in a series; row-locked while a number is taken."""

    series = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)


class Invoice(TimeStampedModel):
    """The invoice of one shipment (seller = its vendor). Parties are copied when it is issued."""

    shipment = models.OneToOneField(Shipment, on_delete=models.PROTECT, related_name="invoice", verbose_name=_("shipment"))
    series = models.CharField(_("series"), max_length=20)
    number = models.PositiveIntegerField(_("number"))
    issued_at = models.DateTimeField(_("issued at"))
    seller = models.JSONField(_("seller"))
    buyer = models.JSONField(_("buyer"))
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    net_total = models.DecimalField(_("total without VAT"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["series", "number"], name="orders_invoice_number_once")]

    def __str__(self) -> str:
        return f"{self.series} {self.number:06d}"


def return_photo_path(instance, filename: str) -> str:
    return f"returns/{instance.return_request_id}/{filename}"


class ReturnRequest(TimeStampedModel):
    """A buyer's request to send back pieces of one shipment, and everything that follows it.

    requested → accepted (by the shop, or the team) → received (inspected) → refunded;
    requested → escalated (the shop refused, or did not answer in time) → accepted | rejected (the team).
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the shop's answer")
        ESCALATED = "escalated", _("With the SNOBISTIC team")
        ACCEPTED = "accepted", _("Accepted: send the parcel back")
        RECEIVED = "received", _("Received by the shop")
        REFUNDED = "refunded", _("Refunded")
        REJECTED = "rejected", _("Refused")

    class Reason(models.TextChoices):
        NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
        DAMAGED = "damaged", _("Arrived damaged")
        WRONG_ITEM = "wrong_item", _("Wrong piece sent")
        DOES_NOT_FIT = "does_not_fit", _("Does not fit")
        AUTHENTICITY = "authenticity", _("Doubts about authenticity")
        CHANGED_MIND = "changed_mind", _("Changed my mind")
        OTHER = "other", _("Other")

    class Escalation(models.TextChoices):
        REFUSED = "refused", _("The shop refused")
        NO_ANSWER = "no_answer", _("The shop did not answer in time")

    OPEN = (Status.REQUESTED, Status.ESCALATED, Status.ACCEPTED, Status.RECEIVED)

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns", verbose_name=_("order"))
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="returns", verbose_name=_("shipment"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    answer_by = models.DateTimeField(_("shop answers by"), null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(_("shop answered at"), null=True, blank=True)
    refusal_reason = models.CharField(_("shop's reason for refusing"), max_length=500, blank=True)
    escalated_at = models.DateTimeField(_("sent to the team at"), null=True, blank=True)
    escalation = models.CharField(_("why the team decides"), max_length=10, choices=Escalation.choices, blank=True)
    decided_at = models.DateTimeField(_("team decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decision_note = models.CharField(_("team's note"), max_length=500, blank=True)
    return_courier = models.CharField(_("return courier"), max_length=40, blank=True)
    return_tracking = models.CharField(_("return tracking number"), max_length=60, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    inspection_note = models.CharField(_("inspection"), max_length=1000, blank=True)
    refund_amount = models.DecimalField(_("refunded"), max_digits=12, decimal_places=2, null=True, blank=True)
    refund_shipping = models.BooleanField(_("shipping refunded"), default=False)
    restocked = models.BooleanField(_("back in stock"), default=False)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refund_amount__isnull=True) | models.Q(refund_amount__gte=0), name="orders_return_refund_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ReturnItem(models.Model):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="items", verbose_name=_("return"))
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="return_items", verbose_name=_("piece"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("returned piece")
        verbose_name_plural = _("returned pieces")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["return_request", "order_item"], name="orders_returnitem_once"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orders_returnitem_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order_item_id} × {self.quantity}"

    @property
    def value(self) -> Decimal:
        return self.order_item.unit_price * self.quantity


class ReturnPhoto(models.Model):
    """A photo of the piece as the buyer received it (checked like a listing's photos, metadata removed)."""

    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="photos", verbose_name=_("return"))
    image = models.ImageField(_("photo"), upload_to=return_photo_path)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")
        ordering = ["pk"]


class ShipmentDeadline(Shipment):
    """Shipments as the staff's deadline list shows them (late or due within a day): a proxy, no table."""

    class Meta:
        proxy = True
        verbose_name = _("late or at-risk shipment")
        verbose_name_plural = _("late and at-risk shipments")
