"""Mounted at /cart/ (the seed's orders/urls.py, plus the pages the flow needs)."""

from django.urls import path

import doors.converters  # noqa: F401  (registers <id:…>, a bounded <int:…>)
from storefront.pages import fulfilment
from storefront.pages import orders as views

urlpatterns = [
    path("", views.cart_view, name="cart"),
    path("add/<id:product_id>/", views.add_to_cart_view, name="add_to_cart"),
    path("remove/<id:cart_item_id>/", views.remove_from_cart_view, name="remove_from_cart"),
    path("update/<id:cart_item_id>/", views.update_cart_view, name="update_cart"),
    path("checkout/", views.checkout_view, name="checkout"),
    path("checkout/<id:order_id>/", views.checkout_order_view, name="checkout_order"),
    path("orders/", views.order_list_view, name="order_list"),
    path("orders/<id:order_id>/", views.order_detail_view, name="order_detail"),
    path("orders/<id:order_id>/pay/", views.order_pay_view, name="order_pay"),
    path("orders/<id:order_id>/invoice/<id:shipment_id>/", views.order_invoice_view, name="order_invoice"),
    path("orders/<id:order_id>/cancel/", fulfilment.order_cancel_view, name="order_cancel"),
    path("orders/<id:order_id>/received/", fulfilment.order_confirm_receipt_view, name="order_confirm_receipt"),
    path("orders/<id:order_id>/return/", fulfilment.return_request_view, name="return_request"),
    path("payment-success/<id:order_id>/", views.payment_success_view, name="payment_success"),
    path("payment-failure/<id:order_id>/", views.payment_failure_view, name="payment_failure"),
    path("webhooks/stripe/", views.stripe_webhook_view, name="stripe_webhook"),
]
