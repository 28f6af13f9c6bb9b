"""Generating AWBs: one per shipment whatever happens, retries with backoff, refusals, the order moving."""

import io
import threading
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule

from doors.errors import error_code
from marketplace.orders.models import Order
from marketplace.orders.services import order_cancel
from marketplace.shipping.models import Consignment
from marketplace.shipping.services import (
    awb_cancel,
    awb_generate,
    awb_retry_due,
    consignment_awb_request,
    retry_delay,
    return_awb_generate,
)
from tests.factories import approved_vendor

from .helpers import FlakyCourier, RefusingCourier, cod_order, install

C = Consignment.Status


def generate(shipment, capture, **kw):
    with capture(execute=True):
        consignment = awb_generate(shipment=shipment, actor=shipment.vendor.user, **kw)
    consignment.refresh_from_db()
    return consignment


@pytest.mark.django_db
def test_generating_the_awb_stores_number_and_label_and_moves_a_one_shop_order(django_capture_on_commit_callbacks):
    # Given a confirmed cash-on-delivery order of one shop
    order = cod_order()
    shipment = order.shipments.get()
    # When the vendor generates the AWB
    consignment = generate(shipment, django_capture_on_commit_callbacks, size="S", weight="1,5")
    # Then the job got a number and a label, and the order is "AWB generated"
    assert consignment.status == C.AWB_GENERATED and consignment.awb_number.startswith("SNB")
    assert consignment.label.name == f"awb_labels/{shipment.pk}/{consignment.awb_number}.pdf"
    assert consignment.label.read()[:5] == b"%PDF-"
    assert consignment.weight_kg == Decimal("1.50") and consignment.size == "S"
    # And the courier collects the shop's pieces and its shipping
    assert consignment.cod_amount == shipment.items_total + shipment.shipping_price > 0
    order.refresh_from_db()
    assert order.status == Order.Status.AWB_GENERATED
    assert order.events.filter(message__contains=consignment.awb_number).exists()


@pytest.mark.django_db
def test_pressing_generate_twice_gives_one_awb(django_capture_on_commit_callbacks):
    order = cod_order()
    shipment = order.shipments.get()
    first = generate(shipment, django_capture_on_commit_callbacks)
    second = generate(shipment, django_capture_on_commit_callbacks, size="L")
    assert first.pk == second.pk and first.awb_number == second.awb_number
    assert Consignment.objects.filter(shipment=shipment).count() == 1
    # and the job run again (a replayed task) changes nothing
    consignment_awb_request(consignment_id=first.pk)
    assert Consignment.objects.get(pk=first.pk).awb_number == first.awb_number


@pytest.mark.django_db
def test_an_order_of_two_shops_becomes_awb_generated_only_when_both_have_one(django_capture_on_commit_callbacks):
    order = cod_order([approved_vendor(), approved_vendor()])
    a, b = order.shipments.all()
    generate(a, django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    generate(b, django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == Order.Status.AWB_GENERATED


@pytest.mark.django_db
def test_an_unpaid_card_order_gets_no_awb():
    order = cod_order(payment_method="bank_transfer")
    with pytest.raises(ValidationError) as exc:
        awb_generate(shipment=order.shipments.get(), actor=None)
    assert exc.value.code == "awb_not_allowed"
    assert not Consignment.objects.exists()


@pytest.mark.django_db
@override_settings(SHIPPING_AWB_RETRY_BASE_SECONDS=60, SHIPPING_AWB_MAX_ATTEMPTS=4)
def test_an_unreachable_courier_is_retried_with_backoff_then_the_awb_is_made(monkeypatch, django_capture_on_commit_callbacks):
    # Given a courier that times out twice
    install(monkeypatch, FlakyCourier)
    FlakyCourier.failures = 2
    order = cod_order()
    shipment = order.shipments.get()
    # When the AWB is asked for
    consignment = generate(shipment, django_capture_on_commit_callbacks, courier="flaky")
    # Then the vendor sees it pending, with the error and the next attempt a minute away, scheduled
    assert consignment.status == C.PENDING_AWB and consignment.attempts == 1 and consignment.last_error == "timeout"
    assert consignment.get_status_display() == "AWB în așteptare — curierul nu răspunde"
    first_wait = consignment.next_retry_at - consignment.updated_at
    assert timedelta(seconds=55) < first_wait <= timedelta(seconds=61)
    assert Schedule.objects.filter(func="marketplace.shipping.tasks.awb_request_task", args=str(consignment.pk)).exists()
    # When the retry comes too early nothing is asked
    assert consignment_awb_request(consignment_id=consignment.pk).attempts == 1
    # When it comes on time and fails again, the wait doubles
    later = consignment.next_retry_at
    with django_capture_on_commit_callbacks(execute=True):
        consignment = consignment_awb_request(consignment_id=consignment.pk, now=later)
    assert consignment.attempts == 2 and consignment.next_retry_at - later == timedelta(seconds=120)
    # And the third attempt (the sweep of due retries) gets the AWB
    assert awb_retry_due(now=consignment.next_retry_at) == 1
    consignment.refresh_from_db()
    assert consignment.status == C.AWB_GENERATED and consignment.attempts == 3 and consignment.last_error == ""
    order.refresh_from_db()
    assert order.status == Order.Status.AWB_GENERATED


def test_backoff_doubles_is_capped_and_honours_retry_after():
    with override_settings(SHIPPING_AWB_RETRY_BASE_SECONDS=60):
        assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
        assert retry_delay(20).total_seconds() == 3600
        assert retry_delay(1, retry_after=300).total_seconds() == 300


@pytest.mark.django_db
@override_settings(SHIPPING_AWB_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_request_fails_with_the_reason(monkeypatch, django_capture_on_commit_callbacks):
    install(monkeypatch, FlakyCourier)
    FlakyCourier.failures = 99
    shipment = cod_order().shipments.get()
    consignment = generate(shipment, django_capture_on_commit_callbacks, courier="flaky")
    consignment = consignment_awb_request(consignment_id=consignment.pk, now=consignment.next_retry_at)
    assert consignment.status == C.AWB_FAILED and consignment.next_retry_at is None
    assert "după 2 încercări" in consignment.last_error


@pytest.mark.django_db
def test_a_refusal_shows_the_courier_s_message_and_a_new_request_may_be_made(monkeypatch, django_capture_on_commit_callbacks):
    install(monkeypatch, RefusingCourier)
    shipment = cod_order().shipments.get()
    refused = generate(shipment, django_capture_on_commit_callbacks, courier="refusing")
    assert refused.status == C.AWB_FAILED and refused.attempts == 1
    assert refused.last_error == "Adresa destinatarului nu a fost găsită (județ necunoscut)."
    # The vendor tries again with the offline courier: the same row, now with an AWB
    again = generate(shipment, django_capture_on_commit_callbacks, courier="local")
    assert again.pk == refused.pk and again.status == C.AWB_GENERATED


@pytest.mark.django_db
def test_bad_inputs_are_refused_with_codes():
    shipment = cod_order().shipments.get()
    for kwargs, code in (
        ({"weight": "0"}, "invalid_weight"), ({"weight": "abc"}, "invalid_weight"), ({"size": "XL"}, "invalid_size"),
        ({"courier": "dpd"}, "courier_not_enabled"), ({"service": "locker"}, "locker_required"),
    ):
        with pytest.raises(ValidationError) as exc:
            awb_generate(shipment=shipment, actor=None, **kwargs)
        assert error_code(exc.value) == code, kwargs


@pytest.mark.django_db
def test_cancelling_an_awb_lets_a_new_one_be_made_and_cancelling_the_order_cancels_its_awb(django_capture_on_commit_callbacks):
    order = cod_order()
    shipment = order.shipments.get()
    first = generate(shipment, django_capture_on_commit_callbacks)
    awb_cancel(consignment=first, actor=None)
    second = generate(shipment, django_capture_on_commit_callbacks)
    assert second.pk != first.pk and second.awb_number != first.awb_number
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, actor=None, reason="Clientul a renunțat.")
    second.refresh_from_db()
    assert second.status == C.CANCELLED


@pytest.mark.django_db
def test_a_return_awb_goes_from_the_buyer_to_the_shop_and_is_made_once(django_capture_on_commit_callbacks):
    order = cod_order()
    shipment = order.shipments.get()
    with pytest.raises(ValidationError) as exc:
        return_awb_generate(shipment=shipment, actor=None)
    assert exc.value.code == "return_not_allowed"
    Order.objects.filter(pk=order.pk).update(status=Order.Status.RETURN_REQUESTED, paid_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        back = return_awb_generate(shipment=shipment, actor=None)
    back.refresh_from_db()
    assert back.direction == "return" and back.service == "locker" and back.status == C.AWB_GENERATED
    assert back.cod_amount == 0
    assert return_awb_generate(shipment=shipment, actor=None).pk == back.pk
    # the label names the buyer as sender and the shop as recipient
    text = pypdf.PdfReader(io.BytesIO(back.label.read())).pages[0].extract_text()
    assert text.index(shipment.vendor.shop_name) < text.index(order.shipping_name)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL")
def test_two_people_pressing_generate_at_once_make_one_awb():
    # Given one shipment and six people (or workers) generating its AWB at the same moment
    order = cod_order()
    shipment = order.shipments.get()
    barrier = threading.Barrier(6)
    results, lock = [], threading.Lock()

    def press():
        try:
            barrier.wait()
            consignment = awb_generate(shipment=shipment, actor=None)
            with lock:
                results.append(consignment.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then all six got the same consignment, with one AWB
    assert len(results) == 6 and len(set(results)) == 1
    consignment = Consignment.objects.get()
    assert consignment.status == C.AWB_GENERATED and consignment.awb_number
    assert Consignment.objects.exclude(awb_number=None).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL")
def test_two_workers_running_the_same_awb_job_ask_the_courier_once(monkeypatch):
    install(monkeypatch, FlakyCourier)
    FlakyCourier.failures = 0
    order = cod_order()
    shipment = order.shipments.get()
    consignment = Consignment.objects.create(shipment=shipment, courier="flaky", weight_kg=Decimal("1"))
    barrier = threading.Barrier(4)

    def work():
        try:
            barrier.wait()
            consignment_awb_request(consignment_id=consignment.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert FlakyCourier.calls == 1
    assert Consignment.objects.get().status == C.AWB_GENERATED


@pytest.mark.django_db
def test_a_shipment_cancelled_for_its_missed_deadline_loses_its_awb(django_capture_on_commit_callbacks):
    from marketplace.orders.fulfilment import shipment_cancel_late

    # Given an order of two shops, one of which made its AWB and then missed the shipping deadline
    order = cod_order([approved_vendor(), approved_vendor()])
    late, other = order.shipments.all()
    consignment = generate(late, django_capture_on_commit_callbacks)
    late.refresh_from_db()
    # When the deadline job cancels that shop's part
    with django_capture_on_commit_callbacks(execute=True):
        assert shipment_cancel_late(shipment=late, now=late.ship_by + timedelta(minutes=1))
    # Then its AWB is cancelled too, and the other shop's parcel may still get one
    consignment.refresh_from_db()
    assert consignment.status == C.CANCELLED
    assert generate(other, django_capture_on_commit_callbacks).status == C.AWB_GENERATED
    order.refresh_from_db()
    assert order.status == Order.Status.AWB_GENERATED  # the cancelled part no longer holds the order back
