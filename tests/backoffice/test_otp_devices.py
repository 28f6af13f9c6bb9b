"""Authenticator devices in the staff back office (issue 11, item 13): no secret is shown to anyone,
and the QR-code address answers 403/404 after a permission check, never a 500."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, customer, login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    login_with_second_factor(client, UserFactory(roles=["admin"], is_staff=True, is_superuser=True))
    return client


def test_a_superuser_does_not_read_another_staff_members_secret(superuser_client):
    # given a shop manager's authenticator
    device = TOTPDevice.objects.create(user=shop_manager(), name="Telefon", confirmed=True)
    # when a superuser opens it
    page = superuser_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    # then neither the key nor a QR code is on the page, and their addresses are refused
    assert page.status_code == 200
    body = page.content.decode()
    assert device.key not in body
    assert reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk]) not in body
    assert superuser_client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])).status_code == 403
    assert superuser_client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    listing = superuser_client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert device.key not in listing and "qrcode" not in listing


def test_the_qr_code_of_a_missing_device_is_a_404_not_a_500(superuser_client):
    missing = (TOTPDevice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    for name in ("admin:otp_totp_totpdevice_qrcode", "admin:otp_totp_totpdevice_config"):
        assert superuser_client.get(reverse(name, args=[missing])).status_code == 404


def test_staff_without_the_permission_are_refused_before_the_lookup(client):
    # a support agent holds no permission on devices: 403 whether the device exists or not
    device = TOTPDevice.objects.create(user=customer(), name="Telefon", confirmed=True)
    login_with_second_factor(client, UserFactory(roles=["support-agent"], is_staff=True))
    for pk in (device.pk, device.pk + 1000):
        assert client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[pk])).status_code == 403


def test_backup_codes_are_hidden_from_a_superuser_too(superuser_client):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device = StaticDevice.objects.create(user=shop_manager(), name="Coduri de rezervă", confirmed=True)
    StaticToken.objects.create(device=device, token="kq3vz7ra")
    page = superuser_client.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk]))
    assert page.status_code == 200 and "kq3vz7ra" not in page.content.decode()
