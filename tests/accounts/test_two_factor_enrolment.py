"""A first second factor is trusted only after the code e-mailed to the account's address.

Whoever holds the password of a staff member or vendor who has not enrolled yet must not be
able to enrol their own phone or inbox choice and walk into /admin/ or /vendors/.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace.accounts.models import EmailCodeDevice
from tests.factories import PASSWORD, UserFactory, approved_vendor

from .helpers import enrol_email_codes, last_code_mailed_to, prove_inbox

pytestmark = pytest.mark.django_db
SETUP = "/accounts/2fa/setup/"


def sign_in_with_password_only(client, user):
    response = client.post(reverse("login"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def staff():
    return UserFactory(roles=["shop-manager"], is_staff=True, email="manager@example.ro")


def vendor_user():
    return approved_vendor(shop_name="Maison Test").user


@pytest.mark.parametrize(("who", "back_office"), [(staff, "/admin/"), (vendor_user, "/vendors/")])
def test_a_stolen_password_cannot_enrol_a_device_and_reach_the_back_office(client, who, back_office):
    user = who()
    sign_in_with_password_only(client, user)
    assert client.get(back_office)["Location"].startswith(SETUP)

    # choosing e-mail codes, or an authenticator app, without the e-mailed code changes nothing
    client.post(SETUP, {"action": "email_enable", "next": back_office})
    client.post(SETUP, {"action": "totp_start"})
    assert not EmailCodeDevice.objects.filter(user=user, confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(back_office)["Location"].startswith(SETUP)
    page = client.get(SETUP)
    assert page.context["may_enrol"] is False and "qr" not in page.context

    # guessing the code does not help either
    client.post(SETUP, {"action": "proof_send"})
    assert [m.to for m in mail.outbox] == [[user.email]]
    wrong = client.post(SETUP, {"action": "proof_verify", "code": "000000" if last_code_mailed_to(user.email) != "000000" else "111111"})
    assert "code" in wrong.context["form"].errors
    client.post(SETUP, {"action": "email_enable", "next": back_office})
    assert client.get(back_office)["Location"].startswith(SETUP)


def test_staff_enrol_e_mail_codes_with_the_mailed_code_and_enter_the_admin(client):
    manager = staff()
    sign_in_with_password_only(client, manager)
    response = enrol_email_codes(client, manager, next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_vendor_enrols_an_authenticator_app_after_the_mailed_code_and_enters_the_vendor_site(client):
    user = vendor_user()
    sign_in_with_password_only(client, user)
    prove_inbox(client, user)
    client.post(SETUP, {"action": "totp_start"})
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.get(SETUP).context["qr"].startswith("data:image/svg+xml;base64,")
    # the e-mailed code alone does not open the vendor site: the app's own code is still needed
    assert client.get("/vendors/")["Location"].startswith(SETUP)
    response = client.post(SETUP, {"action": "totp_confirm", "code": str(totp(device.bin_key)).zfill(6), "next": "/vendors/"})
    assert len(response.context["codes"]) == 10
    assert client.get("/vendors/").status_code == 200
    # the e-mail device that carried the enrolment code is not a sign-in factor by itself
    assert not EmailCodeDevice.objects.filter(user=user, confirmed=True).exists()


def test_an_enrolled_account_signed_in_without_its_factor_verifies_before_enrolling_more(client):
    manager = staff()
    sign_in_with_password_only(client, manager)
    enrol_email_codes(client, manager)
    client.post(reverse("logout"))
    client.force_login(manager)  # a session with the password but without the second step
    response = client.post(SETUP, {"action": "totp_start"})
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=manager).exists()
