"""Making orders: from the cart at checkout, or for an auction's winner (who completes it later).

Items are grouped in one shipment per vendor and their stock reserved in the same transaction.
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

from marketplace.administration.models import parse_shipping_prices
from marketplace.administration.selectors import platform_settings
from marketplace.common.counties import is_county
from marketplace.common.money import money
from marketplace.common.validators import normalize_ro_phone, normalize_ro_vat, validate_ro_postal_code
from marketplace.products.models import AuctionProduct, Product, StoreProduct

from .cart import product_unavailable_reason
from .deadlines import shipments_start_deadline
from .events import event_record, notify_after_commit
from .models import (
    NUMBER_ALPHABET,
    BillingType,
    Cart,
    CartItem,
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    PaymentMethod,
    Shipment,
)
from .payments import available_methods

Status = Order.Status


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


def shipping_price(method: str, vendor=None) -> Decimal:
    """What one shop's delivery by ``method`` costs: the shop's own price, else the platform's."""
    if vendor is not None and method in (vendor.shipping_prices or {}):
        return money(parse_shipping_prices(vendor.shipping_prices, allow_empty=True)[method])
    return money(platform_settings().shipping_prices.get(method, Decimal("0")))


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
    event_record(order, OrderEvent.Type.PLACED if details else OrderEvent.Type.NOTE, actor=actor or buyer,
           message=_("Order created from %(source)s.") % {"source": order.get_source_display()})
    if details is not None:
        _place(order, details=details, actor=actor or buyer)
    else:
        notify_after_commit(order, "created")
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


# How checkout knows a locker exists: shipping (a higher layer, which owns the couriers' locker lists)
# registers its check when the app loads; without one, any non-empty locker code is taken.
_locker_checks: list = []


def locker_check_register(check) -> None:
    """``check(locker_id) -> bool``; the last one registered is used."""
    _locker_checks[:] = [check]


def checkout_details_check(*, details: CheckoutDetails, vendor_ids) -> CheckoutDetails:
    """The checkout's rules for what the buyer chose, written once: every door (the checkout page's
    form, the API) calls this for its messages, and the services call it again before writing.

    Returns ``details`` with the phone and VAT number normalised; raises ``ValidationError`` with
    one message per field (``delivery_<vendor id>`` / ``locker_<vendor id>`` for each shop).
    """
    errors: dict[str, str] = {}
    for name in ("shipping_name", "shipping_phone", "shipping_address", "shipping_city", "shipping_postal_code"):
        if not (getattr(details, name) or "").strip():
            errors[name] = _("Give the delivery address in full.")
    if "shipping_phone" not in errors:
        try:
            details.shipping_phone = normalize_ro_phone(details.shipping_phone)
        except ValidationError as exc:
            errors["shipping_phone"] = exc.messages[0]
    if "shipping_postal_code" not in errors:
        try:
            details.shipping_postal_code = details.shipping_postal_code.strip()
            validate_ro_postal_code(details.shipping_postal_code)
        except ValidationError as exc:
            errors["shipping_postal_code"] = exc.messages[0]
    if not is_county(details.shipping_county):
        errors["shipping_county"] = _("Choose the county from the list.")
    if details.billing_county and not is_county(details.billing_county):
        errors["billing_county"] = _("Choose the county from the list.")
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
        elif method == DeliveryMethod.LOCKER and _locker_checks and not _locker_checks[0](locker):
            errors[f"locker_{vendor_id}"] = _("This locker is not in the courier's list: choose one from the list.")
    if not details.terms_accepted:
        errors["terms"] = _("Accept the terms and conditions to place the order.")
    if errors:
        raise ValidationError(errors, code="invalid_checkout")
    return details


def _place(order: Order, *, details: CheckoutDetails, actor) -> Order:
    shipments = list(order.shipments.all())
    checkout_details_check(details=details, vendor_ids={s.vendor_id for s in shipments})
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
        shipment.shipping_price = shipping_price(method, shipment.vendor)
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
    if order.payment_method == PaymentMethod.COD:
        shipments_start_deadline(order, now=now)  # confirmed now: the shops' shipping deadline starts
    Payment.objects.create(order=order, provider=order.payment_method, amount=order.total)
    event_record(order, OrderEvent.Type.NOTE, actor=actor, message=_("Delivery and payment chosen: %(method)s.") % {"method": order.get_payment_method_display()})
    notify_after_commit(order, "placed")
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
    checkout_details_check(details=details, vendor_ids={item.product.vendor_id for item in items})
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
