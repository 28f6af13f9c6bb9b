"""``/api/cart/`` (GET, PUT) and ``/api/orders/`` (list, create through checkout, detail): the buyer's own only."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.orders import selectors, services
from marketplace.orders.models import BillingType, DeliveryMethod, PaymentMethod

from ..pagination import NewestFirst
from .shaping import image_urls, primary_image


def cart_out(cart) -> dict:
    summary = selectors.cart_summary(cart)
    return {
        "count": summary.count, "items_total": str(summary.items_total), "has_problems": summary.has_problems,
        "groups": [
            {
                "vendor": {"id": group.vendor.pk, "name": group.vendor.shop_name}, "subtotal": str(group.subtotal),
                "lines": [
                    {
                        "item_id": line.item.pk, "product_id": line.product.pk, "title": line.product.display_title,
                        "price": str(line.product.price), "quantity": line.item.quantity,
                        "line_total": str(line.line_total), "available": line.available, "problem": line.problem,
                        "image": image_urls(primary_image(line.product)),
                    }
                    for line in group.lines
                ],
            }
            for group in summary.groups
        ],
    }


class CartLineWrite(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class CartWrite(serializers.Serializer):
    lines = CartLineWrite(many=True, max_length=100)


class CartView(APIView):
    """The signed-in buyer's cart. PUT replaces its lines (``[]`` empties it); nothing changes if a line is refused."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(cart_out(services.cart_get(user=request.user)))

    @extend_schema(request=CartWrite, responses=OpenApiTypes.OBJECT)
    def put(self, request):
        data = CartWrite(data=request.data)
        data.is_valid(raise_exception=True)
        wanted: dict[int, int] = {}
        for line in data.validated_data["lines"]:
            wanted[line["product_id"]] = wanted.get(line["product_id"], 0) + line["quantity"]
        with transaction.atomic():
            cart = services.cart_get(user=request.user, create=True)
            for item in list(cart.items.all()):
                if item.product_id not in wanted:
                    services.cart_remove(cart=cart, item_id=item.pk)
            present = {item.product_id: item for item in cart.items.all()}
            for product_id, quantity in wanted.items():
                if product_id in present:
                    services.cart_update(cart=cart, item_id=present[product_id].pk, quantity=quantity)
                else:
                    services.cart_add(cart=cart, product_id=product_id, quantity=quantity)
        return Response(cart_out(cart))


class DeliveryWrite(serializers.Serializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    locker = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class CheckoutWrite(serializers.Serializer):
    shipping_name = serializers.CharField(max_length=150)
    shipping_phone = serializers.CharField(max_length=20)
    shipping_address = serializers.CharField(max_length=255)
    shipping_city = serializers.CharField(max_length=100)
    shipping_county = serializers.CharField(max_length=100)
    shipping_postal_code = serializers.CharField(max_length=10)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    terms_accepted = serializers.BooleanField()
    deliveries = serializers.DictField(child=DeliveryWrite(), help_text="per shop id: how that shop delivers")
    billing_type = serializers.ChoiceField(choices=BillingType.choices, default=BillingType.INDIVIDUAL)
    billing_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    billing_vat_number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    billing_registration_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    billing_address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    billing_city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    billing_county = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def validate_deliveries(self, value):
        out = {}
        for key, delivery in value.items():
            if not str(key).isdigit() or len(str(key)) > 18:
                raise serializers.ValidationError(_("The keys are shop ids."))
            out[int(key)] = (delivery["method"], delivery.get("locker", ""))
        return out


def order_out(order, *, detail: bool = False) -> dict:
    out = {
        "id": order.pk, "number": order.number, "status": order.status, "status_label": str(order.get_status_display()),
        "payment_method": order.payment_method, "items_total": str(order.items_total),
        "shipping_total": str(order.shipping_total), "total": str(order.total), "currency": "RON",
        "created_at": order.created_at,
    }
    if detail:
        out["shipments"] = [
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
    return out


class OrderViewSet(viewsets.ViewSet):
    """A buyer's orders; ``POST`` places the cart as one order (a shipment per shop)."""

    lookup_value_converter = "id"

    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        if self.action == "create":
            self.throttle_scope = "checkout"
        return super().get_throttles()

    @extend_schema(operation_id="orders_list", responses=OpenApiTypes.OBJECT)
    def list(self, request):
        paginator = NewestFirst()
        page = paginator.paginate_queryset(selectors.order_list_for_buyer(user=request.user), request, view=self)
        return paginator.get_paginated_response([order_out(order) for order in page])

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        return Response(order_out(selectors.order_for_buyer(user=request.user, pk=pk), detail=True))  # <id:>: a key

    @extend_schema(request=CheckoutWrite, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        data = CheckoutWrite(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cart = services.cart_get(user=request.user)
        if cart is None:
            return Response(
                {"code": "empty_cart", "message": _("Your cart is empty."), "fields": {}}, status=status.HTTP_400_BAD_REQUEST
            )
        details = services.CheckoutDetails(**values)
        order = services.checkout_place(buyer=request.user, cart=cart, details=details)
        return Response(order_out(order, detail=True), status=status.HTTP_201_CREATED)
