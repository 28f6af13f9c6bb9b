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


S = Order.Status
# Allowed moves. COD orders may go pending_payment → awb_generated (see the module docstring).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.AWB_GENERATED, S.CANCELLED}),
    S.PAID: frozenset({S.AWB_GENERATED, S.CANCELLED}),
    S.AWB_GENERATED: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.RETURN_REQUESTED}),
    S.RETURN_REQUESTED: frozenset({S.RETURNED}),
    S.RETURNED: frozenset({S.REFUNDED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}


class Shipment(TimeStampedModel):
    """One vendor's part of an order: its items, delivery method and shipping price (AWB comes later)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments", verbose_name=_("order"))
    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.PROTECT, related_name="shipments", verbose_name=_("vendor"))
    delivery_method = models.CharField(_("delivery"), max_length=10, choices=DeliveryMethod.choices, blank=True)
    locker_id = models.CharField(_("locker"), max_length=60, blank=True)
    items_total = models.DecimalField(_("items"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    shipping_price = models.DecimalField(_("shipping"), max_digits=12, decimal_places=2, default=Decimal("0.00"))

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
