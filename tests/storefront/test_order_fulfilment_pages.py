"""The buyer's order page after "paid": timeline, cash-on-delivery wording, cancel, confirm receipt, return request."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from marketplace.orders.models import Order, ReturnRequest
from marketplace.orders.services import order_mark_bank_transfer_paid, order_transition
from marketplace.products.models import StoreProduct
from tests.factories import approved_vendor, buyable, customer, shop_manager
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db
S = Order.Status
START = timezone.datetime(2026, 3, 2, 9, 0, tzinfo=timezone.UTC)


def test_confirmed_cod_order_says_pay_on_delivery_not_awaiting_payment(client, settings):
    settings.LANGUAGE_CODE = "en"
    order = place_order(customer(), [buyable(approved_vendor())])
    client.force_login(order.buyer)
    html = client.get(reverse("order_detail", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirmed — pay on delivery" in html or "plata la livrare" in html
    assert "Awaiting payment" not in html and "Așteaptă plata" not in html
    html = client.get(reverse("order_list")).content.decode()
    assert "Awaiting payment" not in html and "Așteaptă plata" not in html


def test_buyer_cancels_a_paid_order_before_awb_refunded_and_stock_back(client):
    product = buyable(approved_vendor(), stock=1)
    order = place_order(customer(), [product], payment_method="bank_transfer")
    order_mark_bank_transfer_paid(order=order, actor=shop_manager(), bank_reference="OP 1")
    client.force_login(order.buyer)
    assert reverse("order_cancel", args=[order.pk]) in client.get(reverse("order_detail", args=[order.pk])).content.decode()
    response = client.post(reverse("order_cancel", args=[order.pk]), {"reason": "Changed my mind"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == S.CANCELLED and order.payments.get().refund_due == order.total
    assert StoreProduct.objects.get(pk=product.pk).stock == 1


def test_no_cancel_once_the_awb_exists(client):
    order = place_order(customer(), [buyable(approved_vendor())])
    order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
    client.force_login(order.buyer)
    assert reverse("order_cancel", args=[order.pk]) not in client.get(reverse("order_detail", args=[order.pk])).content.decode()
    client.post(reverse("order_cancel", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == S.AWB_GENERATED


def test_another_buyer_gets_404_on_every_move(client):
    order = place_order(customer(), [buyable(approved_vendor())])
    client.force_login(customer())
    for name in ("order_cancel", "order_confirm_receipt", "return_request"):
        assert client.post(reverse(name, args=[order.pk])).status_code == 404
    assert client.get(reverse("return_request", args=[order.pk])).status_code == 404
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT


def test_confirm_receipt_then_ask_for_a_return_then_the_window_closes(client):
    order = place_order(customer(), [buyable(approved_vendor(), price="800.00")])
    order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
    order_transition(order=order, to_status=S.SHIPPED, actor=None)
    client.force_login(order.buyer)
    with time_machine.travel(START, tick=False):
        assert reverse("order_confirm_receipt", args=[order.pk]) in client.get(reverse("order_detail", args=[order.pk])).content.decode()
        client.post(reverse("order_confirm_receipt", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    item = order.items.get()
    with time_machine.travel(START + timedelta(days=14), tick=False):
        html = client.get(reverse("return_request", args=[order.pk])).content.decode()
        assert "data-return-refusal" in html and "16.03.2026" in html  # closed on the 16th, 09:00 UTC
        assert client.post(reverse("return_request", args=[order.pk]), {"reason": "damaged", f"item_{item.pk}": "1"}).status_code == 200
    assert not ReturnRequest.objects.exists()
    with time_machine.travel(START + timedelta(days=2), tick=False):
        html = client.get(reverse("order_detail", args=[order.pk])).content.decode()
        assert reverse("return_request", args=[order.pk]) in html and "data-timeline" in html
        response = client.post(reverse("return_request", args=[order.pk]), {"shipment": item.shipment_id, "reason": "damaged", f"item_{item.pk}": "1"})
    assert response.status_code == 302
    rr = ReturnRequest.objects.get()
    assert rr.items.get().order_item == item
    assert client.get(reverse("customer_return", args=[order.pk])).status_code == 302
