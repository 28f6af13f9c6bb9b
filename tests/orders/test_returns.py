"""Returns: the window, the shop's answer or the team's, receipt, partial refunds, stock back."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.common.errors import NotFound
from marketplace.orders.fulfilment import order_confirm_receipt
from marketplace.orders.models import Order, OrderEvent, Payment, ReturnRequest
from marketplace.orders.returns import (
    ReturnDetails,
    return_answer,
    return_decide,
    return_receive,
    return_refund,
    return_refusal,
    return_request_create,
    return_tracking_record,
    returns_escalate_unanswered,
    returns_for_vendor,
)
from marketplace.orders.services import order_mark_bank_transfer_paid, order_transition
from marketplace.products.models import StoreProduct
from tests.factories import approved_vendor, buyable, customer, jpeg_bytes, shop_manager

from .helpers import place_order

pytestmark = pytest.mark.django_db
S = Order.Status
R = ReturnRequest.Status
START = timezone.datetime(2026, 3, 2, 9, 0, tzinfo=timezone.UTC)


def delivered_order(*products, method="bank_transfer"):
    products = list(products) or [buyable(approved_vendor(), price="1000.00")]
    order = place_order(customer(), products, payment_method=method)
    if method == "bank_transfer":
        order = order_mark_bank_transfer_paid(order=order, actor=shop_manager(), bank_reference="OP 1")
    order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
    order_transition(order=order, to_status=S.SHIPPED, actor=None)
    with time_machine.travel(START, tick=False):
        return order_confirm_receipt(order=order, buyer=order.buyer)


def ask(order, *, at=START + timedelta(days=1), photos=(), **kw):
    item = order.items.order_by("pk").first()
    details = ReturnDetails(items=kw.pop("items", {item.pk: 1}), reason=kw.pop("reason", "not_as_described"), photos=photos, **kw)
    with time_machine.travel(at, tick=False):
        return return_request_create(order=order, shipment_id=item.shipment_id, buyer=kw.get("buyer") or order.buyer, details=details)


def test_window_boundary_and_the_reason_shown():
    order = delivered_order()
    shipment = order.shipments.get()
    end = START + timedelta(days=14)
    assert return_refusal(order=order, shipment=shipment, now=end - timedelta(seconds=1)) == ""
    assert "16.03.2026" in return_refusal(order=order, shipment=shipment, now=end)
    with pytest.raises(ValidationError) as exc:
        ask(order, at=end)
    assert exc.value.code == "return_not_allowed"
    rr = ask(order, at=end - timedelta(seconds=1))
    assert rr.status == R.REQUESTED
    order.refresh_from_db()
    assert order.status == S.RETURN_REQUESTED


def test_not_delivered_cannot_be_returned():
    order = place_order(customer(), [buyable(approved_vendor())])
    assert return_refusal(order=order, shipment=order.shipments.get())


def test_another_buyer_gets_not_found():
    order = delivered_order()
    item = order.items.get()
    with pytest.raises(NotFound):
        return_request_create(order=order, shipment_id=item.shipment_id, buyer=customer(), details=ReturnDetails(items={item.pk: 1}, reason="other", details="x"))


def test_photos_are_checked_like_listing_photos():
    order = delivered_order()
    bad = SimpleUploadedFile("a.jpg", b"not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        ask(order, photos=[bad])
    assert "photos" in exc.value.message_dict
    good = SimpleUploadedFile("b.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    rr = ask(order, photos=[good])
    assert rr.photos.count() == 1


def test_cannot_return_more_than_received():
    order = delivered_order()
    item = order.items.get()
    with pytest.raises(ValidationError) as exc:
        ask(order, items={item.pk: 2})
    assert "items" in exc.value.message_dict


def test_vendor_accepts_then_receipt_then_partial_refund_with_restock():
    product = buyable(approved_vendor(), price="1000.00", stock=1)
    order = delivered_order(product)
    rr = ask(order)
    vendor_user = rr.shipment.vendor.user
    return_answer(return_request=rr, actor=vendor_user, accept=True)
    return_tracking_record(return_request=rr, actor=vendor_user, tracking="RET123", courier="local")
    with pytest.raises(ValidationError):
        return_refund(return_request=rr, actor=vendor_user)  # not received yet
    return_receive(return_request=rr, actor=vendor_user, inspection="Small scratch on the clasp.")
    order.refresh_from_db()
    assert order.status == S.RETURNED
    with pytest.raises(ValidationError) as exc:
        return_refund(return_request=rr, actor=vendor_user, amount=Decimal("1000.01"))  # more than the piece, shipping excluded
    assert "amount" in exc.value.message_dict
    rr = return_refund(return_request=rr, actor=vendor_user, amount=Decimal("900.00"), restock=True)
    assert rr.status == R.REFUNDED and rr.refund_amount == Decimal("900.00")
    payment = order.payments.get()
    assert payment.refund_due == Decimal("900.00") and payment.status == Payment.Status.REFUND_PENDING
    assert StoreProduct.objects.get(pk=product.pk).stock == 1
    order.refresh_from_db()
    # 900 of what was paid came back: the rest stays the shop's and the order completes later (not "refunded")
    assert order.status == S.RETURNED
    assert order.events.filter(type=OrderEvent.Type.RETURN).count() == 5


def test_full_refund_with_shipping():
    order = delivered_order()
    rr = ask(order)
    return_answer(return_request=rr, actor=None, accept=True)
    return_receive(return_request=rr, actor=None, inspection="As sent.")
    rr = return_refund(return_request=rr, actor=None, include_shipping=True)
    shipment = order.shipments.get()
    assert rr.refund_amount == Decimal("1000.00") + shipment.shipping_price
    assert order.payments.get().refund_due == order.total
    order.refresh_from_db()
    assert order.status == S.REFUNDED  # everything paid came back


def test_vendor_refusal_needs_a_reason_and_goes_to_staff_who_decide():
    order = delivered_order()
    rr = ask(order)
    with pytest.raises(ValidationError):
        return_answer(return_request=rr, actor=None, accept=False)
    rr = return_answer(return_request=rr, actor=None, accept=False, reason="Worn, tags removed.")
    assert rr.status == R.ESCALATED and rr.escalation == ReturnRequest.Escalation.REFUSED
    with pytest.raises(ValidationError):
        return_answer(return_request=rr, actor=None, accept=True)  # the shop had its say
    rr = return_decide(return_request=rr, actor=shop_manager(), accept=False, note="Photos show wear.")
    assert rr.status == R.REJECTED and rr.closed_at is not None


def test_unanswered_request_escalates_at_the_boundary():
    order = delivered_order()
    rr = ask(order)
    answer_by = START + timedelta(days=1) + timedelta(days=2)
    assert rr.answer_by == answer_by
    assert returns_escalate_unanswered(now=answer_by - timedelta(seconds=1)) == 0
    assert returns_escalate_unanswered(now=answer_by) == 1
    rr.refresh_from_db()
    assert rr.status == R.ESCALATED and rr.escalation == ReturnRequest.Escalation.NO_ANSWER
    rr = return_decide(return_request=rr, actor=shop_manager(), accept=True)
    assert rr.status == R.ACCEPTED


def test_vendor_sees_only_their_returns():
    order = delivered_order()
    rr = ask(order)
    assert list(returns_for_vendor(user=rr.shipment.vendor.user)) == [rr]
    assert list(returns_for_vendor(user=approved_vendor().user)) == []
