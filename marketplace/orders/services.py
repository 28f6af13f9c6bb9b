"""Writes of the orders context: carts, checkout, the order state machine, payments, invoices.

Every status change goes through ``_move`` (checks ``TRANSITIONS``, records an OrderEvent with
actor and time); e-mails leave after commit through django-q2.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.money import format_money, money
from marketplace.common.validators import normalize_ro_phone, normalize_ro_vat
from marketplace.products.models import AuctionProduct, ListingStatus, Product, StoreProduct

from .models import (
    NUMBER_ALPHABET,
    TRANSITIONS,
    BillingType,
    Cart,
    CartItem,
    DeliveryMethod,
    Invoice,
    InvoiceSequence,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    PaymentMethod,
    Shipment,
    WebhookEvent,
)
from .payments import PaymentError, ProviderEvent, available_methods, provider_for

CART_SESSION_KEY = "cart_token"
Status = Order.Status


# ---------------------------------------------------------------------------------------------
# Side effects after commit
# ---------------------------------------------------------------------------------------------
def _notify(order: Order, kind: str) -> None:
    enqueue_after_commit("marketplace.orders.tasks.notify_order", order.pk, kind)


# ---------------------------------------------------------------------------------------------
# Cart
# ---------------------------------------------------------------------------------------------
def product_unavailable_reason(product: StoreProduct, quantity: int = 1) -> str:
    """Why this piece cannot be bought now ('' when it can)."""
    if product.status == ListingStatus.REJECTED:
        return _("This piece was withdrawn from sale.")
    if product.status != ListingStatus.VALIDATED:
        return _("This piece is not on sale right now.")
    if product.stock <= 0:
        return _("Sold: this piece is no longer available.")
    if product.stock < quantity:
        return _("Only %(n)s left in stock.") % {"n": product.stock}
    return ""


def cart_get(*, user=None, session=None, create: bool = False) -> Cart | None:
    """The signed-in buyer's cart, or the guest's (found by the token kept in ``session``)."""
    if user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).first()
        if cart is None and create:
            cart, _created = Cart.objects.get_or_create(user=user)
        return cart
    if session is None:
        return None
    token = session.get(CART_SESSION_KEY)
    cart = Cart.objects.filter(session_token=token).first() if token else None
    if cart is None and create:
        token = secrets.token_urlsafe(32)
        cart = Cart.objects.create(session_token=token)
        session[CART_SESSION_KEY] = token
    return cart


def _touch(cart: Cart) -> None:
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


@transaction.atomic
def cart_add(*, cart: Cart, product_id: int, quantity: int = 1) -> CartItem:
    """Put a fixed-price piece in the cart (or add to its quantity), within its stock."""
    if quantity < 1:
        raise ValidationError({"quantity": _("Choose at least one piece.")}, code="invalid_quantity")
    product = StoreProduct.objects.filter(pk=product_id).first()
    if product is None:
        raise ValidationError(_("This piece cannot be bought online."), code="not_found")
    if product.vendor.user_id == cart.user_id and cart.user_id is not None:
        raise ValidationError(_("You cannot buy your own piece."), code="own_product")
    item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
    wanted = quantity + (item.quantity if item else 0)
    reason = product_unavailable_reason(product, wanted)
    if reason:
        raise ValidationError(reason, code="unavailable")
    if item is None:
        item = CartItem.objects.create(cart=cart, product=product, quantity=wanted)
    else:
        item.quantity = wanted
        item.save(update_fields=["quantity", "updated_at"])
    _touch(cart)
    return item


@transaction.atomic
def cart_update(*, cart: Cart, item_id: int, quantity: int) -> CartItem | None:
    """Set a line's quantity; 0 removes it. Returns None when removed."""
    item = CartItem.objects.select_related("product").filter(cart=cart, pk=item_id).first()
    if item is None:
        raise ValidationError(_("This item is no longer in your cart."), code="not_found")
    if quantity <= 0:
        item.delete()
        _touch(cart)
        return None
    reason = product_unavailable_reason(item.product, quantity)
    if reason:
        raise ValidationError({"quantity": reason}, code="unavailable")
    item.quantity = quantity
    item.save(update_fields=["quantity", "updated_at"])
    _touch(cart)
    return item


@transaction.atomic
def cart_remove(*, cart: Cart, item_id: int) -> None:
    deleted, _rows = CartItem.objects.filter(cart=cart, pk=item_id).delete()
    if not deleted:
        raise ValidationError(_("This item is no longer in your cart."), code="not_found")
    _touch(cart)


@transaction.atomic
def cart_merge_at_login(*, session, user) -> Cart | None:
    """Move the guest's session cart into the buyer's cart: quantities add up, within stock."""
    token = session.get(CART_SESSION_KEY)
    if not token:
        return None
    guest = Cart.objects.filter(session_token=token).first()
    session.pop(CART_SESSION_KEY, None)
    if guest is None:
        return None
    cart, _created = Cart.objects.get_or_create(user=user)
    existing = {item.product_id: item for item in cart.items.select_for_update()}
    for item in guest.items.select_related("product__vendor"):
        if item.product.vendor.user_id == user.pk:
            continue
        mine = existing.get(item.product_id)
        total = item.quantity + (mine.quantity if mine else 0)
        total = max(1, min(total, item.product.stock)) if item.product.stock > 0 else total
        if mine is None:
            CartItem.objects.create(cart=cart, product_id=item.product_id, quantity=total)
        elif mine.quantity != total:
            mine.quantity = total
            mine.save(update_fields=["quantity", "updated_at"])
    guest.delete()
    _touch(cart)
    return cart


def carts_clean_expired(*, days: int = 30) -> int:
    """Delete carts nobody touched for ``days`` days (their items go with them)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, per_model = Cart.objects.filter(updated_at__lt=cutoff).delete()
    return per_model.get(Cart._meta.label, 0)


# ---------------------------------------------------------------------------------------------
# Orders: creation
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrderLine:
    product: Product
    quantity: int
    unit_price: Decimal


@dataclass
class CheckoutDetails:
    """What the buyer chose at checkout. ``deliveries`` maps a vendor id to (method, locker id)."""

    shipping_name: str
    shipping_phone: str
    shipping_address: str
    shipping_city: str
    shipping_county: str
    shipping_postal_code: str
    payment_method: str
    terms_accepted: bool
    deliveries: dict[int, tuple[str, str]] = field(default_factory=dict)
    billing_type: str = BillingType.INDIVIDUAL
    billing_name: str = ""
    billing_vat_number: str = ""
    billing_registration_number: str = ""
    billing_address: str = ""
    billing_city: str = ""
    billing_county: str = ""


def order_number_generate() -> str:
    """SNB-7K4-92Q: nine characters people can read out, none of 0/O or 1/I/L."""
    chars = "".join(secrets.choice(NUMBER_ALPHABET) for _i in range(6))
    return f"SNB-{chars[:3]}-{chars[3:]}"


def shipping_price(method: str) -> Decimal:
    return money(settings.ORDER_SHIPPING_PRICES.get(method, "0"))


def _store(product: Product) -> StoreProduct | None:
    """The fixed-price side of a listing; None for an auction lot (its stock is the auction)."""
    if isinstance(product, StoreProduct):
        return product
    if isinstance(product, AuctionProduct):
        return None
    return StoreProduct.objects.filter(pk=product.pk).first()


def _reserve_stock(lines: list[OrderLine]) -> None:
    """Take the pieces out of stock in one conditional UPDATE each: under concurrent checkouts only
    as many buyers as there are pieces succeed, the others get "just sold"."""
    for line in sorted(lines, key=lambda ln: ln.product.pk):  # one lock order: no deadlocks
        store = _store(line.product)
        if store is None:
            continue
        taken = StoreProduct.objects.filter(pk=store.pk, stock__gte=line.quantity).update(stock=F("stock") - line.quantity)
        if not taken:
            raise ValidationError(
                _("Just sold: %(title)s was bought by someone else a moment ago. Remove it from your cart and try again.")
                % {"title": line.product.title},
                code="just_sold",
            )


def _create_number(order: Order) -> None:
    for _attempt in range(10):
        order.number = order_number_generate()
        try:
            with transaction.atomic():
                order.save()
            return
        except IntegrityError:
            if Order.objects.filter(number=order.number).exists():
                continue
            raise
    raise RuntimeError("no free order number after 10 attempts")


@transaction.atomic
def order_create(
    *,
    buyer,
    lines: list[OrderLine],
    details: CheckoutDetails | None = None,
    pay_by: datetime | None = None,
    source: str = Order.Source.CHECKOUT,
    actor=None,
) -> Order:
    """The one way an order is made: items grouped in one shipment per vendor, stock reserved.

    With ``details`` (checkout) the order is placed at once; without (auction) it waits for its
    buyer to choose delivery and payment through ``order_checkout_complete`` before ``pay_by``.
    """
    if not lines:
        raise ValidationError(_("Your cart is empty."), code="empty_cart")
    for line in lines:
        if line.quantity < 1 or line.unit_price <= 0:
            raise ValidationError(_("Each line needs a quantity and a price."), code="invalid_line")
    _reserve_stock(lines)
    order = Order(buyer=buyer, email=buyer.email, source=source, pay_by=pay_by, status=Status.PENDING_PAYMENT)
    _create_number(order)
    by_vendor: dict[int, list[OrderLine]] = defaultdict(list)
    for line in lines:
        by_vendor[line.product.vendor_id].append(line)
    items_total = Decimal("0.00")
    for vendor_id, vendor_lines in by_vendor.items():
        shipment = Shipment.objects.create(order=order, vendor_id=vendor_id)
        subtotal = Decimal("0.00")
        for line in vendor_lines:
            total = money(line.unit_price * line.quantity)
            sku = getattr(getattr(line.product, "sku", None), "code", "") if hasattr(line.product, "sku") else ""
            OrderItem.objects.create(
                order=order, shipment=shipment, vendor_id=vendor_id, product_id=line.product.pk, title=line.product.title,
                sku=sku or "", unit_price=money(line.unit_price), quantity=line.quantity, line_total=total,
                stock_reserved=_store(line.product) is not None,
            )
            subtotal += total
        shipment.items_total = subtotal
        shipment.save(update_fields=["items_total", "updated_at"])
        items_total += subtotal
    order.items_total = order.total = items_total
    order.save(update_fields=["items_total", "total", "updated_at"])
    _event(order, OrderEvent.Type.PLACED if details else OrderEvent.Type.NOTE, actor=actor or buyer,
           message=_("Order created from %(source)s.") % {"source": order.get_source_display()})
    if details is not None:
        _place(order, details=details, actor=actor or buyer)
    else:
        _notify(order, "created")
    return order


@transaction.atomic
def order_create_for_auction(*, buyer, product, price: Decimal, pay_by: datetime) -> Order:
    """The winning bidder's order: one piece at the hammer price, to complete and pay by ``pay_by``."""
    return order_create(
        buyer=buyer,
        lines=[OrderLine(product=product, quantity=1, unit_price=Decimal(price))],
        pay_by=pay_by,
        source=Order.Source.AUCTION,
    )


def _clean_details(*, details: CheckoutDetails, vendor_ids: set[int]) -> dict[str, str]:
    """The service's own check of what a door passed (forms check the same, for their messages)."""
    errors: dict[str, str] = {}
    for name in ("shipping_name", "shipping_phone", "shipping_address", "shipping_city", "shipping_postal_code"):
        if not (getattr(details, name) or "").strip():
            errors[name] = _("Give the delivery address in full.")
    if "shipping_phone" not in errors:
        try:
            details.shipping_phone = normalize_ro_phone(details.shipping_phone)
        except ValidationError as exc:
            errors["shipping_phone"] = exc.messages[0]
    if details.billing_type == BillingType.COMPANY:
        if not details.billing_name.strip():
            errors["billing_name"] = _("Give the company name.")
        try:
            details.billing_vat_number = normalize_ro_vat(details.billing_vat_number)
        except ValidationError as exc:
            errors["billing_vat_number"] = exc.messages[0]
        if not details.billing_address.strip():
            errors["billing_address"] = _("Give the company's registered address.")
    if details.payment_method not in available_methods():
        errors["payment_method"] = _("Choose a payment method.")
    for vendor_id in vendor_ids:
        method, locker = details.deliveries.get(vendor_id, ("", ""))
        if method not in DeliveryMethod.values:
            errors[f"delivery_{vendor_id}"] = _("Choose how this shop delivers to you.")
        elif method == DeliveryMethod.LOCKER and not locker.strip():
            errors[f"locker_{vendor_id}"] = _("Give the locker's code or address.")
    if not details.terms_accepted:
        errors["terms"] = _("Accept the terms and conditions to place the order.")
    return errors


def _place(order: Order, *, details: CheckoutDetails, actor) -> Order:
    shipments = list(order.shipments.all())
    errors = _clean_details(details=details, vendor_ids={s.vendor_id for s in shipments})
    if errors:
        raise ValidationError(errors, code="invalid_checkout")
    now = timezone.now()
    for name in (
        "shipping_name", "shipping_phone", "shipping_address", "shipping_city", "shipping_county", "shipping_postal_code",
        "billing_type", "billing_name", "billing_vat_number", "billing_registration_number", "billing_address",
        "billing_city", "billing_county", "payment_method",
    ):
        setattr(order, name, (getattr(details, name) or "").strip())
    if order.billing_type == BillingType.INDIVIDUAL:
        order.billing_name = order.billing_name or order.shipping_name
        order.billing_vat_number = order.billing_registration_number = ""
        order.billing_address = order.billing_address or order.shipping_address
        order.billing_city = order.billing_city or order.shipping_city
        order.billing_county = order.billing_county or order.shipping_county
    shipping_total = Decimal("0.00")
    for shipment in shipments:
        method, locker = details.deliveries[shipment.vendor_id]
        shipment.delivery_method = method
        shipment.locker_id = locker.strip() if method == DeliveryMethod.LOCKER else ""
        shipment.shipping_price = shipping_price(method)
        shipment.save(update_fields=["delivery_method", "locker_id", "shipping_price", "updated_at"])
        shipping_total += shipment.shipping_price
    order.shipping_total = shipping_total
    order.total = order.items_total + shipping_total
    order.terms_accepted_at = order.placed_at = now
    if order.payment_method == PaymentMethod.COD:
        order.confirmed_at, order.pay_by = now, None  # ramburs: confirmed, paid on delivery
    elif order.payment_method == PaymentMethod.CARD:
        # An auction win keeps its own deadline; a checkout holds the pieces for a short while.
        if order.source != Order.Source.AUCTION or order.pay_by is None:
            order.pay_by = now + timedelta(minutes=settings.ORDER_CARD_RESERVATION_MINUTES)
    elif order.source != Order.Source.AUCTION or order.pay_by is None:
        order.pay_by = now + timedelta(days=settings.ORDER_BANK_TRANSFER_DAYS)
    order.save()
    Payment.objects.create(order=order, provider=order.payment_method, amount=order.total)
    _event(order, OrderEvent.Type.NOTE, actor=actor, message=_("Delivery and payment chosen: %(method)s.") % {"method": order.get_payment_method_display()})
    _notify(order, "placed")
    return order


@transaction.atomic
def checkout_place(*, buyer, cart: Cart, details: CheckoutDetails) -> Order:
    """Turn the cart into one order (a shipment per vendor) and empty the cart."""
    items = list(CartItem.objects.filter(cart=cart).select_related("product__vendor", "product__sku").order_by("pk"))
    if not items:
        raise ValidationError(_("Your cart is empty."), code="empty_cart")
    for item in items:
        reason = product_unavailable_reason(item.product, item.quantity)
        if reason:
            raise ValidationError(
                _("%(title)s: %(reason)s Remove it from your cart to continue.") % {"title": item.product.title, "reason": reason},
                code="unavailable",
            )
        if item.product.vendor.user_id == buyer.pk:
            raise ValidationError(_("You cannot buy your own piece."), code="own_product")
    errors = _clean_details(details=details, vendor_ids={item.product.vendor_id for item in items})
    if errors:
        raise ValidationError(errors, code="invalid_checkout")
    lines = [OrderLine(product=item.product, quantity=item.quantity, unit_price=item.product.price) for item in items]
    order = order_create(buyer=buyer, lines=lines, details=details)
    CartItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return order


@transaction.atomic
def order_checkout_complete(*, order: Order, buyer, details: CheckoutDetails) -> Order:
    """The buyer of an order made elsewhere (an auction win) chooses delivery and payment."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.buyer_id != buyer.pk:
        raise ValidationError(_("This order is not yours."), code="not_yours")
    if order.is_placed or order.status != Status.PENDING_PAYMENT:
        raise ValidationError(_("This order has already been completed."), code="already_placed")
    if order.pay_by and order.pay_by <= timezone.now():
        raise ValidationError(_("The payment deadline of this order has passed."), code="expired")
    return _place(order, details=details, actor=buyer)


# ---------------------------------------------------------------------------------------------
# The state machine
# ---------------------------------------------------------------------------------------------
def _event(order: Order, type_: str, *, actor=None, message: str = "", from_status: str = "", to_status: str = "", data=None) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order, type=type_, actor=actor if getattr(actor, "pk", None) else None, message=str(message)[:500],
        from_status=from_status, to_status=to_status, data=data or {},
    )


def _refuse(order: Order, to_status: str) -> ValidationError:
    return ValidationError(
        _("An order that is %(current)s cannot become %(target)s.")
        % {"current": Status(order.status).label.lower(), "target": Status(to_status).label.lower()},
        code="invalid_transition",
    )


def _move(order: Order, to_status: str, *, actor, message: str = "", data=None) -> Order:
    """Change the status if TRANSITIONS allows it (order already row-locked), and record it."""
    current = order.status
    if to_status not in TRANSITIONS[current]:
        raise _refuse(order, to_status)
    if current == Status.PENDING_PAYMENT and to_status == Status.AWB_GENERATED and not (
        order.payment_method == PaymentMethod.COD and order.confirmed_at
    ):
        raise _refuse(order, to_status)  # only a confirmed cash-on-delivery order ships before payment
    order.status = to_status
    order.save()
    _event(order, OrderEvent.Type.STATUS, actor=actor, from_status=current, to_status=to_status, message=message, data=data)
    return order


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


GENERIC_TARGETS = {
    Status.AWB_GENERATED, Status.SHIPPED, Status.DELIVERED, Status.COMPLETED,
    Status.RETURN_REQUESTED, Status.RETURNED, Status.REFUNDED,
}


@transaction.atomic
def order_transition(*, order: Order, to_status: str, actor, message: str = "") -> Order:
    """Move an order along the fulfilment and return path (shipping and returns call this).

    Paying and cancelling have their own services (``order_mark_paid``, ``order_cancel``).
    Delivering a cash-on-delivery order records the cash the courier collected.
    """
    order = _locked(order)
    if to_status not in GENERIC_TARGETS:
        raise _refuse(order, to_status)
    _move(order, to_status, actor=actor, message=message)
    if to_status == Status.DELIVERED and order.payment_method == PaymentMethod.COD and order.paid_at is None:
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at", "updated_at"])
        Payment.objects.filter(order=order, provider=PaymentMethod.COD, status=Payment.Status.PENDING).update(
            status=Payment.Status.SUCCEEDED, updated_at=timezone.now()
        )
        _event(order, OrderEvent.Type.PAYMENT, actor=actor, message=_("Cash collected on delivery."))
        for shipment in order.shipments.all():
            invoice_issue(shipment=shipment)
    if to_status in (Status.SHIPPED, Status.DELIVERED):
        _notify(order, to_status)
    return order


@transaction.atomic
def order_mark_paid(*, order: Order, actor, reference: str, amount: Decimal | None = None, payment: Payment | None = None) -> Order:
    """Money arrived for an unpaid order: it becomes paid, its invoices are issued, everyone is told.

    Called again for the same order (a replayed webhook, a double click) it changes nothing.
    """
    order = _locked(order)
    if order.paid_at is not None:
        return order
    if order.status != Status.PENDING_PAYMENT or order.payment_method == PaymentMethod.COD or not order.is_placed:
        raise _refuse(order, Status.PAID)
    if amount is not None and money(amount) != order.total:
        raise ValidationError(
            _("The amount received (%(got)s lei) is not the order total (%(want)s lei).") % {
                "got": format_money(amount, unit=False), "want": format_money(order.total, unit=False),
            },
            code="amount_mismatch",
        )
    now = timezone.now()
    order.paid_at = order.confirmed_at = now
    _move(order, Status.PAID, actor=actor, message=_("Paid: %(reference)s") % {"reference": reference}, data={"reference": reference})
    payment = payment or Payment.objects.filter(order=order, provider=order.payment_method).order_by("-pk").first()
    if payment is None:
        payment = Payment.objects.create(order=order, provider=order.payment_method, amount=order.total)
    payment.status, payment.reference = Payment.Status.SUCCEEDED, reference or payment.reference
    payment.save(update_fields=["status", "reference", "updated_at"])
    # Other attempts (an abandoned Stripe page) will not be paid now.
    order.payments.filter(status=Payment.Status.PENDING).exclude(pk=payment.pk).update(
        status=Payment.Status.FAILED, updated_at=now
    )
    _event(order, OrderEvent.Type.PAYMENT, actor=actor, message=reference, data={"amount": str(order.total)})
    for shipment in order.shipments.all():
        invoice_issue(shipment=shipment)
    _notify(order, "paid")
    return order


@transaction.atomic
def order_mark_bank_transfer_paid(*, order: Order, actor, bank_reference: str) -> Order:
    """Staff saw the transfer in the bank statement."""
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise ValidationError({"bank_reference": _("Give the bank reference of the transfer.")}, code="reference_required")
    if order.payment_method != PaymentMethod.BANK_TRANSFER:
        raise ValidationError(_("Only a bank-transfer order can be marked paid by hand."), code="not_bank_transfer")
    return order_mark_paid(order=order, actor=actor, reference=bank_reference)


def _release_stock(order: Order) -> None:
    for item in order.items.filter(stock_reserved=True).order_by("product_id"):
        StoreProduct.objects.filter(pk=item.product_id).update(stock=F("stock") + item.quantity)
    order.items.filter(stock_reserved=True).update(stock_reserved=False)


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: str) -> Order:
    """Cancel before shipping: the pieces go back on sale and money taken is refunded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the order is cancelled.")}, code="reason_required")
    order = _locked(order)
    order.cancelled_at, order.cancel_reason = timezone.now(), reason[:500]
    _move(order, Status.CANCELLED, actor=actor, message=reason)
    _release_stock(order)
    for payment in order.payments.filter(status=Payment.Status.SUCCEEDED):
        _refund(order=order, payment=payment, actor=actor)
    order.payments.filter(status=Payment.Status.PENDING).update(status=Payment.Status.FAILED, updated_at=timezone.now())
    _notify(order, "cancelled")
    return order


def _refund(*, order: Order, payment: Payment, actor) -> None:
    amount = payment.amount - payment.refunded_amount
    if amount <= 0:
        return
    try:
        result = provider_for(payment.provider).refund(payment=payment, amount=amount)
    except PaymentError as exc:
        _event(order, OrderEvent.Type.REFUND, actor=actor, message=_("Refund failed, to be sent by hand: %(error)s") % {"error": exc})
        payment.status = Payment.Status.REFUND_PENDING
        payment.save(update_fields=["status", "updated_at"])
        return
    payment.status = Payment.Status.REFUNDED if result.completed else Payment.Status.REFUND_PENDING
    payment.refunded_amount += amount if result.completed else Decimal("0.00")
    payment.refund_reference = result.reference
    payment.save(update_fields=["status", "refunded_amount", "refund_reference", "updated_at"])
    message = (
        _("%(amount)s lei refunded (%(reference)s).") % {"amount": format_money(amount, unit=False), "reference": result.reference}
        if result.completed
        else _("%(amount)s lei to be refunded by bank transfer.") % {"amount": format_money(amount, unit=False)}
    )
    _event(order, OrderEvent.Type.REFUND, actor=actor, message=message, data={"amount": str(amount)})


# ---------------------------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------------------------
def payment_start(*, order: Order, success_url: str, cancel_url: str) -> Payment:
    """Open the provider's payment page for an unpaid card order (a new attempt each call)."""
    if not order.awaits_payment or not order.is_placed or order.payment_method != PaymentMethod.CARD:
        raise ValidationError(_("This order does not wait for a card payment."), code="not_payable")
    if order.pay_by and order.pay_by <= timezone.now():
        raise ValidationError(_("The payment deadline of this order has passed."), code="expired")
    payment = Payment.objects.filter(order=order, provider=PaymentMethod.CARD, status=Payment.Status.PENDING, reference="").first()
    if payment is None:
        payment = Payment.objects.create(order=order, provider=PaymentMethod.CARD, amount=order.total)
    started = provider_for(PaymentMethod.CARD).start(order=order, payment=payment, success_url=success_url, cancel_url=cancel_url)
    payment.reference, payment.checkout_url = started.reference, started.redirect_url
    payment.save(update_fields=["reference", "checkout_url", "updated_at"])
    return payment


@transaction.atomic
@transaction.atomic
def payment_event_handle(*, provider: str, event: ProviderEvent) -> str:
    """Apply a verified provider event once: 'applied', 'duplicate' or 'ignored'.

    The event's id is recorded in the same transaction that applies it: when applying fails (an
    error, a refusal), the record goes too, so the provider's retry applies the payment instead of
    being taken for a duplicate. Two deliveries at once: the second waits on the unique row and
    then answers 'duplicate'.
    """
    try:
        with transaction.atomic():  # a savepoint: the duplicate's IntegrityError leaves the outer block usable
            WebhookEvent.objects.create(provider=provider, event_id=event.event_id, type=event.raw_type)
    except IntegrityError:
        return "duplicate"
    return _payment_event_apply(provider=provider, event=event)


def _payment_event_apply(*, provider: str, event: ProviderEvent) -> str:
    if event.type == "ignored" or event.payment_id is None:
        return "ignored"
    payment = Payment.objects.select_related("order").filter(pk=event.payment_id, provider=provider).first()
    if payment is None:
        return "ignored"
    order = payment.order
    if event.type == "failed":
        if payment.status == Payment.Status.PENDING:
            payment.status = Payment.Status.FAILED
            payment.save(update_fields=["status", "updated_at"])
            _event(order, OrderEvent.Type.PAYMENT_FAILED, message=_("Card payment not completed (%(type)s).") % {"type": event.raw_type})
        return "applied"
    if order.status == Status.CANCELLED:
        # Paid after it was cancelled (deadline passed): take note and give the money back.
        payment.status, payment.reference = Payment.Status.SUCCEEDED, event.reference
        payment.save(update_fields=["status", "reference", "updated_at"])
        _event(order, OrderEvent.Type.PAYMENT, message=_("Payment arrived after cancellation; refunding."))
        _refund(order=order, payment=payment, actor=None)
        return "applied"
    payment.reference = event.reference
    order_mark_paid(order=order, actor=None, reference=event.reference, amount=event.amount, payment=payment)
    return "applied"


@transaction.atomic
def order_expire(*, order: Order, now: datetime) -> bool:
    """Cancel one order whose payment deadline passed — checked again under the row lock, so an
    order paid a moment ago is left alone. True when it was cancelled."""
    order = _locked(order)
    confirmed_cod = order.payment_method == PaymentMethod.COD and order.confirmed_at is not None
    if order.status != Status.PENDING_PAYMENT or order.paid_at or confirmed_cod or not order.pay_by or order.pay_by >= now:
        return False
    order_cancel(order=order, actor=None, reason=_("The payment deadline passed."))
    return True


def orders_expire_unpaid(*, now: datetime | None = None) -> int:
    """Cancel orders whose payment deadline passed (card reservations, bank transfers, auction wins)."""
    from .selectors import orders_past_payment_deadline

    now = now or timezone.now()
    return sum(order_expire(order=order, now=now) for order in orders_past_payment_deadline(now=now))


# ---------------------------------------------------------------------------------------------
# Invoices
# ---------------------------------------------------------------------------------------------
def invoice_series(vendor) -> str:
    return f"SNB{vendor.pk:04d}"


def vendor_charges_vat(vendor) -> bool:
    """A vendor registered for VAT has a fiscal code starting with RO."""
    return bool(vendor.vat_number) and vendor.vat_number.upper().startswith("RO")


@transaction.atomic
def invoice_issue(*, shipment: Shipment) -> Invoice:
    """The shipment's invoice, numbered in its vendor's series (made once)."""
    existing = Invoice.objects.filter(shipment=shipment).first()
    if existing is not None:
        return existing
    shipment = Shipment.objects.select_related("order", "vendor__user").get(pk=shipment.pk)
    vendor, order = shipment.vendor, shipment.order
    series = invoice_series(vendor)
    InvoiceSequence.objects.get_or_create(series=series)
    sequence = InvoiceSequence.objects.select_for_update().get(series=series)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    rate = Decimal(str(settings.ORDER_VAT_RATE)) if vendor_charges_vat(vendor) else Decimal("0")
    total = shipment.items_total + shipment.shipping_price
    net = money(total * 100 / (100 + rate))
    return Invoice.objects.create(
        shipment=shipment, series=series, number=sequence.last, issued_at=timezone.now(), vat_rate=rate,
        net_total=net, vat_total=total - net, total=total,
        seller={
            "name": vendor.legal_name, "shop": vendor.shop_name, "vat_number": vendor.vat_number,
            "iban": vendor.iban, "email": vendor.user.email, "vat_payer": rate > 0,
        },
        buyer={
            "type": order.billing_type, "name": order.billing_name or order.shipping_name,
            "vat_number": order.billing_vat_number, "registration_number": order.billing_registration_number,
            "address": order.billing_address or order.shipping_address,
            "city": order.billing_city or order.shipping_city, "county": order.billing_county or order.shipping_county,
            "email": order.email,
        },
    )
