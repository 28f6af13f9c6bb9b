"""Shipping in both languages: the AWB page, the staff's list of shipments, the public tracking page and
the shop's refused-AWB notice read in Romanian by default and in English when the person chose it."""

import pytest
from django.conf import settings
from django.urls import reverse

from marketplace.notifications.models import Notification
from marketplace.shipping.models import Consignment
from marketplace.shipping.notices import awb_refused_notify
from tests.factories import login_with_second_factor, shop_manager

from .helpers import cod_order

pytestmark = pytest.mark.django_db


def refused_shipment():
    shipment = cod_order().shipments.get()
    consignment = Consignment.objects.create(shipment=shipment, courier="local", status="awb_failed", last_error="Județ necunoscut.")
    return shipment, consignment


@pytest.mark.parametrize(("language", "words", "not_words"), [
    ("ro", ["AWB și expediere", "Curierul a refuzat AWB-ul:"], ["The courier refused the AWB:"]),
    ("en", ["AWB and shipping", "The courier refused the AWB:"], ["Curierul a refuzat AWB-ul:"]),
])
def test_the_vendor_s_awb_page_and_the_staff_list(client, language, words, not_words):
    shipment, _consignment = refused_shipment()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    login_with_second_factor(client, shipment.vendor.user)
    body = client.get(reverse("generate_awb", args=[shipment.pk])).content.decode()
    assert all(w in body for w in words) and not any(w in body for w in not_words)
    assert "Județ necunoscut." in body  # the courier's words as it wrote them
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    login_with_second_factor(client, shop_manager())
    body = client.get(reverse("admin:shipping_shipmentparcel_changelist")).content.decode()
    assert ("AWB refuzat" if language == "ro" else "AWB refused") in body


@pytest.mark.parametrize(("language", "heading"), [("ro", "Coletul SNB000000777"), ("en", "Parcel SNB000000777")])
def test_the_public_tracking_page(client, language, heading):
    order = cod_order()
    Consignment.objects.create(shipment=order.shipments.get(), courier="local", status="in_transit", awb_number="SNB000000777")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert heading in client.get(reverse("awb_tracking", args=["SNB000000777"])).content.decode()


@pytest.mark.parametrize(("language", "title"), [
    ("ro", "curierul a refuzat AWB-ul"), ("en", "the courier refused the AWB"),
])
def test_the_refused_awb_notice_in_the_shop_s_language(language, title):
    shipment, consignment = refused_shipment()
    user = shipment.vendor.user
    user.profile.language = language
    user.profile.save()
    assert awb_refused_notify(consignment_id=consignment.pk)
    assert title in Notification.objects.get(user=user).title
