"""The courier refuses a parcel's AWB for good: the shop hears why (inbox, e-mail) once, sees the reason on
its shipment page, and staff see it in the list of shipments (issue 13)."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from marketplace.notifications.models import Notification
from marketplace.shipping.models import Consignment
from marketplace.shipping.notices import awb_refused_notify
from marketplace.shipping.services import awb_generate, consignment_awb_request
from tests.factories import login_with_second_factor, shop_manager

from .helpers import FlakyCourier, RefusingCourier, cod_order, install

pytestmark = pytest.mark.django_db
REASON = "Adresa destinatarului nu a fost găsită (județ necunoscut)."


def refused(monkeypatch, capture):
    install(monkeypatch, RefusingCourier)
    shipment = cod_order().shipments.get()
    with capture(execute=True):
        consignment = awb_generate(shipment=shipment, actor=shipment.vendor.user, courier="refusing")
    consignment.refresh_from_db()
    return shipment, consignment


def test_a_refused_awb_reaches_the_shop_once_with_the_courier_s_reason(monkeypatch, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    shipment, consignment = refused(monkeypatch, django_capture_on_commit_callbacks)
    assert consignment.status == Consignment.Status.AWB_FAILED
    notice = Notification.objects.get(user=shipment.vendor.user)
    assert notice.kind == "shipment" and notice.url == reverse("generate_awb", args=[shipment.pk])
    assert shipment.order.number in notice.title and "a refuzat AWB" in notice.title
    assert REASON in notice.body
    assert any(REASON in m.body for m in mail.outbox if shipment.vendor.user.email in m.to)
    # The job run again (a retried task) sends nothing more
    assert awb_refused_notify(consignment_id=consignment.pk) is False
    assert Notification.objects.filter(user=shipment.vendor.user).count() == 1
    # Nobody else heard of it: the buyer is not told of the shop's courier trouble
    assert not Notification.objects.filter(user=shipment.order.buyer).exists()


def test_a_second_refusal_after_a_new_try_is_told_again(monkeypatch, django_capture_on_commit_callbacks):
    shipment, _consignment = refused(monkeypatch, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        awb_generate(shipment=shipment, actor=shipment.vendor.user, courier="refusing", weight="2")
    assert Notification.objects.filter(user=shipment.vendor.user).count() == 2


@override_settings(SHIPPING_AWB_MAX_ATTEMPTS=2)
def test_a_courier_that_never_answers_ends_refused_and_the_shop_is_told(monkeypatch, django_capture_on_commit_callbacks):
    install(monkeypatch, FlakyCourier)
    FlakyCourier.failures = 99
    shipment = cod_order().shipments.get()
    with django_capture_on_commit_callbacks(execute=True):
        consignment = awb_generate(shipment=shipment, actor=shipment.vendor.user, courier="flaky")
    consignment.refresh_from_db()
    assert not Notification.objects.filter(user=shipment.vendor.user).exists()  # still retrying: nothing to do yet
    with django_capture_on_commit_callbacks(execute=True):
        consignment_awb_request(consignment_id=consignment.pk, now=consignment.next_retry_at)
    notice = Notification.objects.get(user=shipment.vendor.user)
    assert "după 2 încercări" in notice.body


def test_a_generated_awb_sends_no_refusal_notice(django_capture_on_commit_callbacks):
    shipment = cod_order().shipments.get()
    with django_capture_on_commit_callbacks(execute=True):
        consignment = awb_generate(shipment=shipment, actor=shipment.vendor.user, courier="local")
    assert awb_refused_notify(consignment_id=consignment.pk) is False


def test_the_shop_s_shipment_page_and_the_staff_list_show_the_reason(client, monkeypatch, django_capture_on_commit_callbacks):
    shipment, _consignment = refused(monkeypatch, django_capture_on_commit_callbacks)
    login_with_second_factor(client, shipment.vendor.user)
    body = client.get(reverse("vendors:orders_shipment_change", args=[shipment.pk])).content.decode()
    assert "data-awb-problem" in body and "județ necunoscut" in body
    client.logout()
    login_with_second_factor(client, shop_manager())
    body = client.get(reverse("admin:shipping_shipmentparcel_changelist")).content.decode()
    assert "data-awb-problem" in body and "județ necunoscut" in body
