"""Cart, checkout and the buyer's orders — doors to marketplace.orders services and selectors.

The cart works for guests too (kept by the session) and every write passes Django's CSRF check;
checkout and orders need a signed-in buyer.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import APIKeyCookie, django_auth

from marketplace.orders import selectors, services
from marketplace.orders.models import BillingType, DeliveryMethod, PaymentMethod
from storefront.presenters import image_sources, primary_image

from .schemas import ErrorOut, Id

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class BuyerOrGuest(APIKeyCookie):
    """Anybody, signed in or not, but writes must carry the CSRF token (like a form would)."""

    param_name = settings.CSRF_COOKIE_NAME

    def authenticate(self, request, key):
        return request.user


router = Router(tags=["cart and orders"])
guest_or_buyer = BuyerOrGuest()


# --- schemas ---------------------------------------------------------------------------------
class CartProductOut(Schema):
    id: int
    title: str
    url: str
    brand: str
    price: str
    image: dict | None


class CartLineOut(Schema):
    item_id: int
    product: CartProductOut
    quantity: int
    line_total: str
    available: bool
    problem: str


class CartGroupOut(Schema):
    vendor: str
    vendor_id: int
    subtotal: str
    lines: list[CartLineOut]


class CartOut(Schema):
    count: int
    items_total: str
    has_problems: bool
    groups: list[CartGroupOut]
    shipping_prices: dict[str, str]


class CartAddIn(Schema):
    product_id: Id
    quantity: int = Field(1, ge=1, le=99)


class CartUpdateIn(Schema):
    quantity: int = Field(..., ge=0, le=99)


class DeliveryIn(Schema):
    method: DeliveryMethod
    locker: str = Field("", max_length=60)


class CheckoutIn(Schema):
    shipping_name: str = Field(..., max_length=150)
    shipping_phone: str = Field(..., max_length=20)
    shipping_address: str = Field(..., max_length=255)
    shipping_city: str = Field(..., max_length=100)
    shipping_county: str = Field(..., max_length=100)
    shipping_postal_code: str = Field(..., max_length=10)
    payment_method: PaymentMethod
    terms_accepted: bool
    deliveries: dict[Id, DeliveryIn] = Field(..., description="per vendor id: how that shop delivers")
    billing_type: BillingType = BillingType.INDIVIDUAL
    billing_name: str = Field("", max_length=255)
    billing_vat_number: str = Field("", max_length=32)
    billing_registration_number: str = Field("", max_length=40)
    billing_address: str = Field("", max_length=255)
    billing_city: str = Field("", max_length=100)
    billing_county: str = Field("", max_length=100)


class OrderItemOut(Schema):
    title: str
    quantity: int
    unit_price: str
    line_total: str


class ShipmentOut(Schema):
    vendor: str
    delivery_method: str
    shipping_price: str
    items: list[OrderItemOut]


class OrderOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    payment_method: str
    items_total: str
    shipping_total: str
    total: str
    created_at: str
    url: str
    next_url: str


class OrderDetailOut(OrderOut):
    shipments: list[ShipmentOut]


# --- shaping ---------------------------------------------------------------------------------
def _cart_out(cart) -> dict:
    summary = selectors.cart_summary(cart)
    groups = []
    for group in summary.groups:
        lines = []
        for line in group.lines:
            product = line.product
            lines.append({
                "item_id": line.item.pk, "quantity": line.item.quantity, "line_total": str(line.line_total),
                "available": line.available, "problem": line.problem,
                "product": {
                    "id": product.pk, "title": product.display_title, "url": reverse("product_detail", args=[product.pk]),
                    "brand": product.brand.name, "price": str(product.price),
                    "image": image_sources(primary_image(product)),
                },
            })
        groups.append({"vendor": group.vendor.shop_name, "vendor_id": group.vendor.pk, "subtotal": str(group.subtotal), "lines": lines})
    return {
        "count": summary.count, "items_total": str(summary.items_total), "has_problems": summary.has_problems,
        "groups": groups, "shipping_prices": {k: str(v) for k, v in selectors.shipping_prices().items()},
    }




def _order_out(order) -> dict:
    return {
        "id": order.pk, "number": order.number, "status": order.status, "status_label": str(order.get_status_display()),
        "payment_method": order.payment_method, "items_total": str(order.items_total),
        "shipping_total": str(order.shipping_total), "total": str(order.total), "created_at": order.created_at.isoformat(),
        "url": reverse("order_detail", args=[order.pk]),
        "next_url": reverse("order_detail", args=[order.pk]) if order.payment_method == PaymentMethod.CARD
        else reverse("payment_success", args=[order.pk]),
    }


def _cart(request, *, create: bool = False):
    return services.cart_get(user=request.user, session=request.session, create=create)


# --- cart ------------------------------------------------------------------------------------
@router.get("/cart", response={200: CartOut, **ERRORS}, auth=guest_or_buyer)
def cart_view(request):
    return _cart_out(_cart(request))


@router.post("/cart/items", response={201: CartOut, **ERRORS}, auth=guest_or_buyer)
def cart_add(request, payload: CartAddIn):
    cart = _cart(request, create=True)
    services.cart_add(cart=cart, product_id=payload.product_id, quantity=payload.quantity)
    return Status(201, _cart_out(cart))


@router.patch("/cart/items/{int:item_id}", response={200: CartOut, **ERRORS}, auth=guest_or_buyer)
def cart_update(request, item_id: Id, payload: CartUpdateIn):
    cart = _cart(request)
    if cart is None:
        raise Http404
    services.cart_update(cart=cart, item_id=item_id, quantity=payload.quantity)
    return _cart_out(cart)


@router.delete("/cart/items/{int:item_id}", response={200: CartOut, **ERRORS}, auth=guest_or_buyer)
def cart_remove(request, item_id: Id):
    cart = _cart(request)
    if cart is None:
        raise Http404
    services.cart_remove(cart=cart, item_id=item_id)
    return _cart_out(cart)


# --- checkout and orders ---------------------------------------------------------------------
@router.post("/checkout", response={201: OrderOut, **ERRORS}, auth=django_auth)
def checkout(request, payload: CheckoutIn):
    """Place the cart as one order (a shipment per shop). Card orders continue at ``next_url``."""
    cart = _cart(request)
    details = services.CheckoutDetails(
        **payload.model_dump(exclude={"deliveries", "payment_method", "billing_type"}),
        payment_method=payload.payment_method.value, billing_type=payload.billing_type.value,
        deliveries={vendor_id: (d.method.value, d.locker) for vendor_id, d in payload.deliveries.items()},
    )
    if cart is None:
        raise ValidationError(_("Your cart is empty."), code="empty_cart")
    order = services.checkout_place(buyer=request.user, cart=cart, details=details)
    return Status(201, _order_out(order))


@router.get("/orders", response={200: list[OrderOut], **ERRORS}, auth=django_auth)
def order_list(request):
    return [_order_out(order) for order in selectors.order_list_for_buyer(user=request.user)]


@router.get("/orders/{int:order_id}", response={200: OrderDetailOut, **ERRORS}, auth=django_auth)
def order_detail(request, order_id: Id):
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    shipments = [
        {
            "vendor": shipment.vendor.shop_name, "delivery_method": shipment.delivery_method,
            "shipping_price": str(shipment.shipping_price),
            "items": [
                {"title": i.title, "quantity": i.quantity, "unit_price": str(i.unit_price), "line_total": str(i.line_total)}
                for i in shipment.items.all()
            ],
        }
        for shipment in order.shipments.all()
    ]
    return {**_order_out(order), "shipments": shipments}
