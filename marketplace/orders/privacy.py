"""The orders' part of the buyer's privacy rights (receivers of marketplace.customers.privacy's signals).

Orders and invoices are accounting records: Romanian law keeps them ten years, so deleting an account
leaves them as they were issued; only the cart goes. An account with an order still on its way
cannot be deleted until the order is delivered (or cancelled).
"""

from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from marketplace.customers.privacy import account_erase_check, account_erasing, personal_data_collect

from .models import Cart, Order

UNDER_WAY = (
    Order.Status.PAID, Order.Status.AWB_GENERATED, Order.Status.SHIPPED, Order.Status.RETURN_REQUESTED,
)


def _when(value):
    return value.isoformat() if value else None


@receiver(personal_data_collect, dispatch_uid="orders_personal_data")
def orders_personal_data(sender, user, **kwargs):
    orders = Order.objects.filter(buyer=user).prefetch_related("shipments__items", "shipments__vendor", "shipments__invoice")
    return "orders", [
        {
            "number": order.number, "status": order.status, "placed_at": _when(order.placed_at),
            "email": order.email, "payment_method": order.payment_method,
            "shipping": {"name": order.shipping_name, "phone": order.shipping_phone, "address": order.shipping_address,
                         "city": order.shipping_city, "county": order.shipping_county, "postal_code": order.shipping_postal_code},
            "billing": {"type": order.billing_type, "name": order.billing_name, "vat_number": order.billing_vat_number,
                        "registration_number": order.billing_registration_number, "address": order.billing_address,
                        "city": order.billing_city, "county": order.billing_county},
            "items_total": str(order.items_total), "shipping_total": str(order.shipping_total), "total": str(order.total),
            "shipments": [
                {"shop": shipment.vendor.shop_name, "delivery": shipment.delivery_method, "locker": shipment.locker_id,
                 "shipping_price": str(shipment.shipping_price),
                 "invoice": f"{shipment.invoice.series}-{shipment.invoice.number:06d}" if hasattr(shipment, "invoice") else None,
                 "items": [{"title": i.title, "sku": i.sku, "quantity": i.quantity, "unit_price": str(i.unit_price)}
                           for i in shipment.items.all()]}
                for shipment in order.shipments.all()
            ],
        }
        for order in orders
    ]


@receiver(account_erase_check, dispatch_uid="orders_erase_check")
def orders_erase_check(sender, user, **kwargs):
    placed_unpaid = Q(status=Order.Status.PENDING_PAYMENT, placed_at__isnull=False)
    if Order.objects.filter(Q(status__in=UNDER_WAY) | placed_unpaid, buyer=user).exists():
        return _("You have an order on its way: you can delete the account once it is delivered.")
    return None


@receiver(account_erasing, dispatch_uid="orders_erasing")
def orders_erasing(sender, user, **kwargs):
    Cart.objects.filter(user=user).delete()
