"""Back offices after "paid": the staff returns queue and late-shipments list (constant queries), the
shop's return answers (only its own), delivery by hand on both sites."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.administration.selectors import platform_settings
from marketplace.orders.fulfilment import order_confirm_receipt
from marketplace.orders.models import Order, ReturnRequest, Shipment
from marketplace.orders.returns import ReturnDetails, return_request_create
from marketplace.orders.services import order_mark_bank_transfer_paid, order_transition
from marketplace.shipping.models import Consignment
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor, shop_manager
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db
S = Order.Status


def shipped(vendor=None, buyer=None):
    order = place_order(buyer or customer(), [buyable(vendor or approved_vendor())])
    order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
    return order_transition(order=order, to_status=S.SHIPPED, actor=None)


def returned(vendor=None):
    order = shipped(vendor)
    order = order_confirm_receipt(order=order, buyer=order.buyer)
    item = order.items.get()
    return return_request_create(
        order=order, shipment_id=item.shipment_id, buyer=order.buyer, details=ReturnDetails(items={item.pk: 1}, reason="damaged"),
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_staff_returns_queue_costs_the_same_for_2_and_6_rows(client):
    staff = shop_manager()
    login_with_second_factor(client, staff)
    for _ in range(2):
        returned()
    url = reverse("admin:orders_returnrequest_changelist")
    client.get(url)
    response, few = count_queries(client, url)
    for _ in range(4):
        returned()
    response, many = count_queries(client, url)
    assert many == few
    assert response.content.decode().count("/change/") >= 6


def test_staff_late_list_costs_the_same_and_shows_late_rows(client):
    staff = shop_manager()
    login_with_second_factor(client, staff)

    def late_order():
        order = place_order(customer(), [buyable(approved_vendor())], payment_method="bank_transfer")
        order_mark_bank_transfer_paid(order=order, actor=staff, bank_reference="OP")
        Shipment.objects.filter(order=order).update(ship_by=timezone.now() - timedelta(hours=1))
        return order

    first = late_order()
    url = reverse("admin:orders_shipmentdeadline_changelist")
    client.get(url)
    response, few = count_queries(client, url)
    assert first.number in response.content.decode()
    for _ in range(3):
        late_order()
    _response, many = count_queries(client, url)
    assert many == few


def test_vendor_answers_only_their_own_returns(client):
    shop, other = approved_vendor(), approved_vendor()
    rr = returned(shop)
    login_with_second_factor(client, other.user)
    assert client.get(reverse("vendors:orders_returnrequest_change", args=[rr.pk])).status_code in (302, 404)
    assert client.post(reverse("vendors:orders_returnrequest_accept", args=[rr.pk])).status_code in (403, 404)
    rr.refresh_from_db()
    assert rr.status == ReturnRequest.Status.REQUESTED
    client.logout()
    login_with_second_factor(client, shop.user)
    assert client.get(reverse("vendors:orders_returnrequest_change", args=[rr.pk])).status_code == 200
    assert client.post(reverse("vendors:orders_returnrequest_refuse", args=[rr.pk]), {"reason": "Worn"}).status_code == 302
    rr.refresh_from_db()
    assert rr.status == ReturnRequest.Status.ESCALATED and rr.refusal_reason == "Worn"
    # the shop had its say: now the team decides
    assert client.post(reverse("vendors:orders_returnrequest_accept", args=[rr.pk])).status_code == 403
    client.logout()
    login_with_second_factor(client, shop_manager())
    assert client.post(reverse("admin:orders_returnrequest_decide_accept", args=[rr.pk])).status_code == 302
    rr.refresh_from_db()
    assert rr.status == ReturnRequest.Status.ACCEPTED


def test_vendor_and_staff_mark_delivered_by_hand(client):
    shop = approved_vendor()
    order = shipped(shop)
    shipment = order.shipments.get()
    other = approved_vendor()
    login_with_second_factor(client, other.user)
    assert client.post(reverse("vendors:orders_shipment_mark_delivered", args=[shipment.pk])).status_code in (403, 404)
    client.logout()
    login_with_second_factor(client, shop.user)
    assert client.post(reverse("vendors:orders_shipment_mark_delivered", args=[shipment.pk])).status_code == 302
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert shipment.delivered_by == Shipment.DeliveredBy.VENDOR and order.status == S.DELIVERED
    second = shipped()
    client.logout()
    login_with_second_factor(client, shop_manager())
    assert client.post(reverse("admin:orders_order_mark_delivered", args=[second.pk])).status_code == 302
    second.refresh_from_db()
    assert second.status == S.DELIVERED and second.shipments.get().delivered_by == Shipment.DeliveredBy.STAFF


def test_vendor_takes_a_return_to_a_partial_refund_through_the_dialogs(client):
    shop = approved_vendor()
    rr = returned(shop)
    login_with_second_factor(client, shop.user)

    def step(name, data=None):
        url = reverse(f"vendors:orders_returnrequest_{name}", args=[rr.pk])
        assert client.get(url).status_code == 200  # the confirmation page, nothing changed
        assert client.post(url, data or {}).status_code == 302

    step("accept")
    # accepted: shipping is asked for the return parcel's AWB (the buyer drops it at a locker)
    assert Consignment.objects.filter(shipment=rr.shipment, direction=Consignment.Direction.RETURN).exists()
    step("record_tracking", {"tracking": "RET-1", "courier": "local"})
    step("receive", {"inspection": "Scratch on the clasp."})
    step("refund", {"amount": "700.00", "options": ["restock"]})
    rr.refresh_from_db()
    assert rr.status == ReturnRequest.Status.REFUNDED and str(rr.refund_amount) == "700.00" and rr.restocked
    assert rr.return_tracking == "RET-1"
    assert client.get(reverse("vendors:orders_returnrequest_change", args=[rr.pk])).status_code == 200


def test_return_answer_days_is_set_on_the_return_window_page_and_blank_keeps_it(client):
    login_with_second_factor(client, shop_manager())
    client.post(reverse("return_days_settings"), {"return_days": "20", "return_answer_days": "4"})
    config = platform_settings()
    assert (config.return_days, config.return_answer_days) == (20, 4)
    client.post(reverse("return_days_settings"), {"return_days": "21"})
    config = platform_settings()
    assert (config.return_days, config.return_answer_days) == (21, 4)
