"""The order state machine: allowed moves only, each recorded; payment, cancel and expiry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.orders.models import TRANSITIONS, Order, OrderEvent, Payment
from marketplace.orders.services import (
    order_cancel,
    order_mark_bank_transfer_paid,
    order_mark_paid,
    order_transition,
)
from marketplace.orders.tasks import expire_unpaid_orders
from marketplace.products.models import StoreProduct
from tests.factories import approved_vendor, buyable, customer, shop_manager

from .helpers import place_order

pytestmark = pytest.mark.django_db
S = Order.Status


def bank_order(stock=1):
    product = buyable(approved_vendor(), stock=stock)
    return place_order(customer(), [product], payment_method="bank_transfer"), product


def attempt(order, target, actor):
    if target == S.PAID:
        return order_mark_paid(order=order, actor=actor, reference="REF")
    if target == S.CANCELLED:
        return order_cancel(order=order, actor=actor, reason="test")
    return order_transition(order=order, to_status=target, actor=actor)


@pytest.mark.parametrize(
    "current, target",
    [(c, t) for c in S.values for t in S.values if t not in TRANSITIONS[c]],
)
def test_every_move_outside_the_design_is_refused(current, target):
    # Given an order in ``current`` (paid, so mark_paid is not simply a no-op)
    order, _product = bank_order()
    Order.objects.filter(pk=order.pk).update(status=current, paid_at=timezone.now() if current != S.PENDING_PAYMENT else None)
    order.refresh_from_db()
    events = order.events.count()
    # When anybody tries to move it to ``target``
    if current != S.PENDING_PAYMENT and target == S.PAID:
        # a second "paid" for a paid order is the idempotent no-op of replayed payments
        assert attempt(order, target, shop_manager()).status == current
    else:
        with pytest.raises(ValidationError) as exc:
            attempt(order, target, shop_manager())
        assert exc.value.code == "invalid_transition"
    # Then nothing changed and nothing was recorded
    order.refresh_from_db()
    assert order.status == current and order.events.count() == events


def test_the_happy_path_is_recorded_step_by_step_with_actor_and_time(django_capture_on_commit_callbacks):
    order, _product = bank_order()
    staff = shop_manager()
    with django_capture_on_commit_callbacks(execute=True):
        order = order_mark_bank_transfer_paid(order=order, actor=staff, bank_reference="BT 2026-11-25 0042")
        for target in (S.AWB_GENERATED, S.SHIPPED, S.DELIVERED, S.COMPLETED):
            order = order_transition(order=order, to_status=target, actor=staff)
    moves = list(order.events.filter(type=OrderEvent.Type.STATUS).values_list("from_status", "to_status", "actor"))
    assert moves == [
        ("pending_payment", "paid", staff.pk), ("paid", "awb_generated", staff.pk), ("awb_generated", "shipped", staff.pk),
        ("shipped", "delivered", staff.pk), ("delivered", "completed", staff.pk),
    ]
    assert all(e.created_at for e in order.events.all())
    assert order.payments.get().status == Payment.Status.SUCCEEDED and order.payments.get().reference == "BT 2026-11-25 0042"
    assert order.shipments.get().invoice.number == 1
    subjects = [m.subject for m in mail.outbox]
    assert any(order.number in s for s in subjects) and len(mail.outbox) >= 6  # placed, paid, shipped, delivered × buyer+vendor


def test_return_branch():
    order, _product = bank_order()
    order = order_mark_paid(order=order, actor=None, reference="x")
    for target in (S.AWB_GENERATED, S.SHIPPED, S.DELIVERED, S.RETURN_REQUESTED, S.RETURNED, S.REFUNDED):
        order = order_transition(order=order, to_status=target, actor=None)
    assert order.status == S.REFUNDED


def test_cash_on_delivery_ships_before_payment_and_is_paid_at_delivery():
    product = buyable(approved_vendor())
    order = place_order(customer(), [product], payment_method="cod")
    assert order.status == S.PENDING_PAYMENT and order.confirmed_at and order.pay_by is None
    order = order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)
    order = order_transition(order=order, to_status=S.SHIPPED, actor=None)
    assert order.paid_at is None
    order = order_transition(order=order, to_status=S.DELIVERED, actor=None)
    assert order.paid_at is not None and order.payments.get().status == Payment.Status.SUCCEEDED
    assert order.shipments.get().invoice
    assert expire_unpaid_orders() == 0  # a confirmed COD order never expires


def test_an_unpaid_bank_transfer_order_cannot_ship():
    order, _product = bank_order()
    with pytest.raises(ValidationError):
        order_transition(order=order, to_status=S.AWB_GENERATED, actor=None)


def test_cod_order_cannot_be_marked_paid_by_hand():
    order = place_order(customer(), [buyable(approved_vendor())], payment_method="cod")
    with pytest.raises(ValidationError):
        order_mark_bank_transfer_paid(order=order, actor=shop_manager(), bank_reference="X")
    with pytest.raises(ValidationError) as exc:
        order_mark_bank_transfer_paid(order=bank_order()[0], actor=shop_manager(), bank_reference=" ")
    assert "bank_reference" in exc.value.message_dict


def test_cancel_frees_the_stock_and_refunds_a_bank_payment(django_capture_on_commit_callbacks):
    order, product = bank_order(stock=2)
    assert StoreProduct.objects.get(pk=product.pk).stock == 1
    order = order_mark_paid(order=order, actor=None, reference="BT1")
    with django_capture_on_commit_callbacks(execute=True):
        order = order_cancel(order=order, actor=shop_manager(), reason="Piesa s-a deteriorat la ambalare.")
    assert order.status == S.CANCELLED
    assert StoreProduct.objects.get(pk=product.pk).stock == 2
    payment = order.payments.get()
    assert payment.status == Payment.Status.REFUND_PENDING  # money goes back by bank, by staff
    assert order.events.filter(type=OrderEvent.Type.REFUND).exists()
    assert any("Piesa s-a deteriorat la ambalare." in m.body for m in mail.outbox)
    with pytest.raises(ValidationError):  # cancelling twice is refused
        order_cancel(order=order, actor=None, reason="again")
    assert StoreProduct.objects.get(pk=product.pk).stock == 2


def test_cancel_needs_a_reason():
    order, _product = bank_order()
    with pytest.raises(ValidationError):
        order_cancel(order=order, actor=None, reason="  ")
    assert Order.objects.get(pk=order.pk).status == S.PENDING_PAYMENT


def test_unpaid_card_reservation_expires_and_frees_the_stock(settings):
    # Given card payments on, and a card order whose reservation (30 min) has passed
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_test"
    product = buyable(approved_vendor())
    order = place_order(customer(), [product], payment_method="card")
    assert order.pay_by - timezone.now() <= timedelta(minutes=settings.ORDER_CARD_RESERVATION_MINUTES)
    assert StoreProduct.objects.get(pk=product.pk).stock == 0
    Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(seconds=1))
    # When the job runs
    assert expire_unpaid_orders() == 1
    # Then the order is cancelled and the piece is on sale again
    order.refresh_from_db()
    assert order.status == S.CANCELLED and order.cancel_reason
    assert StoreProduct.objects.get(pk=product.pk).stock == 1
    assert order.payments.get().status == Payment.Status.FAILED


def test_reservation_not_yet_expired_is_kept(settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_test"
    order = place_order(customer(), [buyable(approved_vendor())], payment_method="card")
    assert expire_unpaid_orders() == 0
    assert Order.objects.get(pk=order.pk).status == S.PENDING_PAYMENT


def test_order_numbers_are_readable_and_unique():
    from marketplace.orders.models import NUMBER_ALPHABET
    from marketplace.orders.services import order_number_generate

    numbers = {order_number_generate() for _i in range(500)}
    assert len(numbers) == 500
    for number in numbers:
        prefix, a, b = number.split("-")
        assert prefix == "SNB" and len(a) == len(b) == 3 and set(a + b) <= set(NUMBER_ALPHABET)
    assert not set("01OIL") & set(NUMBER_ALPHABET)


def test_amount_mismatch_is_refused():
    order, _product = bank_order()
    with pytest.raises(ValidationError):
        order_mark_paid(order=order, actor=None, reference="x", amount=Decimal("1.00"))
    assert Order.objects.get(pk=order.pk).status == S.PENDING_PAYMENT


def test_an_order_paid_just_before_the_expiry_job_is_not_cancelled():
    from marketplace.orders.services import order_expire

    order, product = bank_order()
    Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(minutes=1))
    stale = Order.objects.get(pk=order.pk)  # what the job's list read
    order_mark_paid(order=order, actor=None, reference="BT just in time")
    assert order_expire(order=stale, now=timezone.now()) is False
    assert Order.objects.get(pk=order.pk).status == S.PAID
    assert StoreProduct.objects.get(pk=product.pk).stock == 0
