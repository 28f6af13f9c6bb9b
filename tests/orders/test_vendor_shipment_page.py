"""The vendor's shipment page (issue 11, item 3): the status by its label (not a raw tuple), the
items, the buyer's delivery details, what happens next, and only the moves the order services
allow the vendor — marking their own parcel shipped once its AWB exists."""

import pytest
from django.urls import reverse

from marketplace.orders.models import Order
from marketplace.orders.services import order_mark_paid, order_transition
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor

from .helpers import place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return approved_vendor(shop_name="Atelier Ana")


def open_page(client, vendor, order):
    shipment = order.shipments.get(vendor=vendor)
    login_with_second_factor(client, vendor.user)
    response = client.get(reverse("vendors:orders_shipment_change", args=[shipment.pk]))
    assert response.status_code == 200
    return shipment, response.content.decode()


def test_the_page_shows_status_label_items_and_delivery_details(client, shop):
    order = place_order(customer(), [buyable(shop, title="Geantă Kelly 28", price="17586.00")], payment_method="bank_transfer")
    _shipment, body = open_page(client, shop, order)
    assert "('pending_payment'" not in body and "pending_payment'," not in body  # no raw tuple
    assert "În așteptarea plății" in body  # the status, by its Romanian label
    assert "Geantă Kelly 28" in body and "data-shipment-items" in body  # the items
    for detail in ("Ana Popescu", "+40722123456", "Str. Ștefan cel Mare 10", "010101 București"):
        assert detail in body  # where it goes
    assert "nu trimiteți" in body.lower()  # next step: wait for the payment
    assert "mark_shipped" not in body  # nothing to move yet
    assert "+00:00" not in body  # the order's date in Bucharest time, written for people, not the raw UTC value


def test_the_vendor_marks_their_parcel_shipped_once_the_awb_exists(client, shop):
    order = place_order(customer(), [buyable(shop)], payment_method="bank_transfer")
    order_mark_paid(order=order, actor=None, reference="OP 1")
    shipment, body = open_page(client, shop, order)
    ship_url = reverse("vendors:orders_shipment_mark_shipped", args=[shipment.pk])
    assert ship_url not in body  # paid, no AWB yet: not theirs to ship
    assert client.post(ship_url).status_code == 403
    order_transition(order=order, to_status=Order.Status.AWB_GENERATED, actor=None)
    body = client.get(reverse("vendors:orders_shipment_change", args=[shipment.pk])).content.decode()
    assert ship_url in body
    # the link shows a confirmation page; only the POST moves the order
    assert client.get(ship_url).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWB_GENERATED
    assert client.post(ship_url).status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert order.events.filter(to_status="shipped", actor=shop.user).exists()
    body = client.get(reverse("vendors:orders_shipment_change", args=[shipment.pk])).content.decode()
    assert ship_url not in body and "Expediată" in body


def test_a_vendor_does_not_move_an_order_shared_with_another_shop(client, shop):
    other = approved_vendor(shop_name="Alt atelier")
    order = place_order(customer(), [buyable(shop), buyable(other)], payment_method="bank_transfer")
    order_mark_paid(order=order, actor=None, reference="OP 2")
    order_transition(order=order, to_status=Order.Status.AWB_GENERATED, actor=None)
    shipment, body = open_page(client, shop, order)
    ship_url = reverse("vendors:orders_shipment_mark_shipped", args=[shipment.pk])
    assert ship_url not in body
    assert client.post(ship_url).status_code == 403
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWB_GENERATED


def test_another_vendors_shipment_cannot_be_moved(client, shop):
    other = approved_vendor(shop_name="Alt atelier")
    order = place_order(customer(), [buyable(other)], payment_method="bank_transfer")
    order_mark_paid(order=order, actor=None, reference="OP 3")
    order_transition(order=order, to_status=Order.Status.AWB_GENERATED, actor=None)
    login_with_second_factor(client, shop.user)
    theirs = order.shipments.get()
    assert client.post(reverse("vendors:orders_shipment_mark_shipped", args=[theirs.pk])).status_code in (403, 404)
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWB_GENERATED


def test_the_service_refuses_a_shop_shipping_an_order_shared_with_another_or_without_an_awb(shop):
    # Given an order holding the parcels of two shops, and one holding a single shop's parcel
    from django.core.exceptions import ValidationError

    from marketplace.orders.services import shipment_mark_shipped

    other = approved_vendor(shop_name="Alt atelier")
    shared = place_order(customer(), [buyable(shop), buyable(other)], payment_method="bank_transfer")
    own = place_order(customer(), [buyable(shop)], payment_method="bank_transfer")
    for order in (shared, own):
        order_mark_paid(order=order, actor=None, reference=f"OP {order.pk}")
    # When the shop marks its parcel shipped before the AWB exists, it is refused and nothing moves
    with pytest.raises(ValidationError) as refused:
        shipment_mark_shipped(shipment=own.shipments.get(), actor=shop.user)
    assert refused.value.code == "invalid_transition"
    assert Order.objects.get(pk=own.pk).status == Order.Status.PAID
    # When the order is shared with another shop, the service itself refuses (whatever door asks)
    order_transition(order=shared, to_status=Order.Status.AWB_GENERATED, actor=None)
    with pytest.raises(ValidationError) as refused:
        shipment_mark_shipped(shipment=shared.shipments.get(vendor=shop), actor=shop.user)
    assert refused.value.code == "order_shared"
    assert Order.objects.get(pk=shared.pk).status == Order.Status.AWB_GENERATED
    # Then, once its own order has its AWB, the shop ships it
    order_transition(order=own, to_status=Order.Status.AWB_GENERATED, actor=None)
    assert shipment_mark_shipped(shipment=own.shipments.get(), actor=shop.user).status == Order.Status.SHIPPED
