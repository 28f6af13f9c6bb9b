"""Reads of the orders context. Each list is a fixed number of queries, whatever its length."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from marketplace.common.errors import NotFound
from marketplace.vendors.access import vendor_scope

from .cart import product_unavailable_reason
from .checkout import shipping_price
from .models import Cart, CartItem, DeliveryMethod, Order, OrderItem, PaymentMethod, Shipment


@dataclass
class CartLine:
    item: CartItem
    problem: str

    @property
    def product(self):
        return self.item.product

    @property
    def available(self) -> bool:
        return not self.problem

    @property
    def line_total(self) -> Decimal:
        return self.item.product.price * self.item.quantity


@dataclass
class CartGroup:
    vendor: object
    lines: list[CartLine]

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines if line.available), Decimal("0.00"))


@dataclass
class CartSummary:
    groups: list[CartGroup]

    @property
    def lines(self) -> list[CartLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def count(self) -> int:
        return sum(line.item.quantity for line in self.lines)

    @property
    def items_total(self) -> Decimal:
        return sum((group.subtotal for group in self.groups), Decimal("0.00"))

    @property
    def has_problems(self) -> bool:
        return any(not line.available for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.groups


def cart_summary(cart: Cart | None) -> CartSummary:
    """The cart's lines grouped by shop, each flagged when it can no longer be bought."""
    if cart is None:
        return CartSummary(groups=[])
    items = (
        CartItem.objects.filter(cart=cart)
        .select_related("product__vendor", "product__brand")
        .prefetch_related("product__images")
        .order_by("product__vendor__shop_name", "pk")
    )
    groups: dict[int, CartGroup] = {}
    for item in items:
        vendor = item.product.vendor
        group = groups.setdefault(vendor.pk, CartGroup(vendor=vendor, lines=[]))
        group.lines.append(CartLine(item=item, problem=product_unavailable_reason(item.product, item.quantity)))
    return CartSummary(groups=list(groups.values()))


def shipping_prices(vendor=None) -> dict[str, Decimal]:
    """Each delivery method's price, for ``vendor``'s shop when given (its own prices win)."""
    return {method: shipping_price(method, vendor) for method in DeliveryMethod.values}


def _order_rows(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.prefetch_related(
        Prefetch("shipments", queryset=Shipment.objects.select_related("vendor").order_by("pk")),
        Prefetch("items", queryset=OrderItem.objects.order_by("pk")),
    )


def order_list_for_buyer(*, user) -> QuerySet[Order]:
    return _order_rows(Order.objects.filter(buyer=user)).order_by("-created_at", "-pk")


def order_for_buyer(*, user, pk) -> Order:
    """One of the buyer's orders with everything its page shows; ``NotFound`` for anybody else's (a 404 in every door)."""
    try:
        return (
            Order.objects.filter(buyer=user)
            .prefetch_related(
                Prefetch("shipments", queryset=Shipment.objects.select_related("vendor", "invoice").prefetch_related("items").order_by("pk")),
                "events",
                "payments",
            )
            .get(pk=pk)
        )
    except (Order.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def order_list_for_staff() -> QuerySet[Order]:
    return _order_rows(Order.objects.select_related("buyer"))


def order_search(qs: QuerySet[Order], term: str) -> QuerySet[Order]:
    term = (term or "").strip()
    if not term:
        return qs
    return qs.filter(Q(number__iexact=term) | Q(number__icontains=term) | Q(email__icontains=term) | Q(buyer__email__icontains=term))


def shipments_for_vendor(*, user) -> QuerySet[Shipment]:
    """The vendor's parts of orders, and only theirs (through vendor_scope)."""
    return vendor_scope(
        Shipment.objects.select_related("order", "order__buyer", "vendor").prefetch_related("items"), user=user
    )


def order_items_for_vendor(*, user) -> QuerySet[OrderItem]:
    return vendor_scope(OrderItem.objects.select_related("order", "shipment"), user=user)


def orders_past_payment_deadline(*, now: datetime) -> QuerySet[Order]:
    """Unpaid orders whose deadline passed; a confirmed cash-on-delivery order has none."""
    return (
        Order.objects.filter(status=Order.Status.PENDING_PAYMENT, pay_by__lt=now, paid_at__isnull=True)
        .exclude(payment_method=PaymentMethod.COD, confirmed_at__isnull=False)
        .order_by("pay_by", "pk")
    )
