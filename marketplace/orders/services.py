"""Writes of the orders context: its public face for the other contexts and the doors.

Each capability lives in its own module — ``cart``, ``checkout`` (making orders), ``lifecycle``
(the state machine), ``events`` (the order's history, who is told), ``payments.services`` and
``payments.refunds``, ``invoices`` — and is re-exported here, so callers write
``orders.services.order_cancel`` wherever the code behind it lives.
"""

from .cart import (
    cart_add,
    cart_get,
    cart_merge_at_login,
    cart_remove,
    cart_update,
    carts_clean_expired,
    product_unavailable_reason,
)
from .checkout import (
    CheckoutDetails,
    OrderLine,
    checkout_details_check,
    checkout_place,
    order_checkout_complete,
    order_create,
    order_create_for_auction,
    order_number_generate,
    shipping_price,
)
from .invoices import invoice_issue, invoice_series, vendor_charges_vat
from .lifecycle import (
    order_cancel,
    order_expire,
    order_mark_bank_transfer_paid,
    order_mark_paid,
    order_transition,
    orders_expire_unpaid,
    shipment_mark_shipped,
    shipment_ship_refusal,
)
from .payments.refunds import payment_refund
from .payments.services import payment_event_handle, payment_start

__all__ = [
    "CheckoutDetails",
    "OrderLine",
    "cart_add",
    "cart_get",
    "cart_merge_at_login",
    "cart_remove",
    "cart_update",
    "carts_clean_expired",
    "checkout_details_check",
    "checkout_place",
    "invoice_issue",
    "invoice_series",
    "order_cancel",
    "order_checkout_complete",
    "order_create",
    "order_create_for_auction",
    "order_expire",
    "order_mark_bank_transfer_paid",
    "order_mark_paid",
    "order_number_generate",
    "order_transition",
    "orders_expire_unpaid",
    "shipment_mark_shipped",
    "shipment_ship_refusal",
    "payment_event_handle",
    "payment_refund",
    "payment_start",
    "product_unavailable_reason",
    "shipping_price",
    "vendor_charges_vat",
]
