"""Sign-up, sign-in, lockout, two-factor and password reset, end to end through the pages."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace.accounts.models import TwoFactorToken, User
from marketplace.accounts.services import (
    two_factor_email_enable,
    two_factor_totp_confirm,
    two_factor_totp_start,
)
from tests.factories import PASSWORD, UserFactory, login_with_second_factor

from .helpers import prove_inbox

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-Romanian-summer-2026"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"email": email, "password": password, **extra})


def signed_in_as(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def wait_out_throttling(user) -> None:
    """django-otp slows a device down after a wrong code; pretend the wait has passed."""
    from django_otp import devices_for_user

    for device in devices_for_user(user, confirmed=None):
        if hasattr(device, "throttling_failure_timestamp"):
            type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(hours=1))


def link_in(message) -> str:
    """The path of the first link in the message (links use SITE_URL, the site's public address)."""
    from urllib.parse import urlsplit

    from django.conf import settings

    url = re.search(re.escape(settings.SITE_URL) + r"/[^\s]*", message.body).group(0)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- register -> verify -> sign in ----------------------------------------------------------
def test_register_verify_then_sign_in(client):
    response = client.post(
        reverse("register"),
        {"first_name": "Ioana", "last_name": "Pop", "email": "Ioana.Pop@Example.ro", "password1": NEW_PASSWORD,
         "password2": NEW_PASSWORD, "accept_terms": "on"},
    )
    assert response.status_code == 200 and "ioana.pop@example.ro" in response.content.decode().lower()
    user = User.objects.get(email="ioana.pop@example.ro")
    assert user.has_role("customer") and user.profile.first_name == "Ioana"

    # not verified yet: sign-in sends the link again instead of signing in
    assert sign_in(client, "ioana.pop@example.ro", NEW_PASSWORD).status_code == 200
    assert signed_in_as(client) is None

    confirm_url = link_in(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    client.post(reverse("logout"))
    response = sign_in(client, "ioana.pop@example.ro", NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    assert signed_in_as(client) == user


def test_registering_a_taken_email_looks_the_same_and_warns_its_owner(client):
    UserFactory(email="taken@example.ro")
    data = {"first_name": "A", "last_name": "B", "email": "taken@example.ro", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "accept_terms": "on"}
    taken = client.post(reverse("register"), data)
    fresh = client.post(reverse("register"), {**data, "email": "free@example.ro"})
    for response in (taken, fresh):
        assert "accounts/verification_sent.html" in [t.name for t in response.templates]
    assert User.objects.filter(email="taken@example.ro").count() == 1
    assert {m.to[0] for m in mail.outbox} == {"taken@example.ro", "free@example.ro"}


def test_register_refuses_weak_or_mismatched_passwords_and_creates_nothing(client):
    data = {"first_name": "A", "last_name": "B", "email": "weak@example.ro", "accept_terms": "on"}
    weak = client.post(reverse("register"), {**data, "password1": "12345678", "password2": "12345678"})
    assert "password1" in weak.context["form"].errors
    other = client.post(reverse("register"), {**data, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "password2" in other.context["form"].errors
    assert not User.objects.filter(email="weak@example.ro").exists()


def test_wanting_to_sell_leads_to_the_shop_application(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("vendor_apply"),
        {"shop_name": "Atelier Ioana", "legal_name": "Atelier Ioana SRL", "vat_number": "RO41283370", "iban": "RO16BTRLRONCRT0123456701"},
    )
    assert response.status_code == 302
    assert user.vendor_profile.status == "pending"
    bad = client.post(reverse("vendor_apply"), {"shop_name": "X", "legal_name": "X", "vat_number": "1", "iban": "x"})
    assert bad.status_code == 302  # already has a shop: sent to the profile, nothing changes


# --- no account enumeration -------------------------------------------------------------------
def test_login_error_is_the_same_for_unknown_email_and_wrong_password(client):
    UserFactory(email="known@example.ro")
    unknown = sign_in(client, "nobody@example.ro", "whatever-password")
    wrong = sign_in(client, "known@example.ro", "whatever-password")
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()
    assert unknown.status_code == wrong.status_code == 200


def test_password_reset_answer_is_the_same_for_unknown_email(client, django_capture_on_commit_callbacks):
    UserFactory(email="known@example.ro")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("password_reset"), {"email": "known@example.ro"})
        unknown = client.post(reverse("password_reset"), {"email": "nobody@example.ro"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["known@example.ro"]]


# --- lockout ------------------------------------------------------------------------------------
def test_wrong_password_five_times_locks_and_staff_unlock(client, settings):
    user = UserFactory(email="target@example.ro")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "target@example.ro", "wrong-password-000")
    locked = sign_in(client, "target@example.ro", PASSWORD)
    assert locked.status_code == 429
    assert "blocat" in locked.content.decode()
    assert signed_in_as(client) is None

    staff_client = client.__class__()
    login_with_second_factor(staff_client, UserFactory(roles=["admin"], is_staff=True, is_superuser=True))
    attempt = AccessAttempt.objects.get(username="target@example.ro")
    unlock = {"action": "unlock_selected", "_selected_action": [attempt.pk]}
    confirm = staff_client.post(reverse("admin:axes_accessattempt_changelist"), unlock)
    assert confirm.status_code == 200 and AccessAttempt.objects.exists()  # a confirmation page first (item 8)
    staff_client.post(reverse("admin:axes_accessattempt_changelist"), {**unlock, "post": "yes"})
    assert not AccessAttempt.objects.exists()

    assert sign_in(client, "target@example.ro", PASSWORD).status_code == 302
    assert signed_in_as(client) == user


# --- two-factor ---------------------------------------------------------------------------------
def totp_user():
    user = UserFactory(email="totp@example.ro")
    device = two_factor_totp_start(user=user)
    backup = two_factor_totp_confirm(user=user, device_id=device.pk, code=str(totp(device.bin_key)).zfill(6))
    assert backup is not None and len(backup) == 10
    return user, TOTPDevice.objects.get(pk=device.pk), backup


def test_totp_valid_invalid_and_reused_codes(client):
    user, device, _backup = totp_user()
    response = sign_in(client, user.email, next="/accounts/profile/")
    assert response["Location"] == reverse("two_factor_verify")
    assert signed_in_as(client) is None  # not before the second factor

    assert client.post(reverse("two_factor_verify"), {"code": "000000"}).status_code == 200
    assert signed_in_as(client) is None
    wait_out_throttling(user)

    # the next 30-second step: the current one was spent confirming the device
    code = str(totp(device.bin_key, drift=1)).zfill(6)
    ok = client.post(reverse("two_factor_verify"), {"code": code})
    assert ok.status_code == 302 and signed_in_as(client) == user

    client.post(reverse("logout"))
    sign_in(client, user.email)
    reused = client.post(reverse("two_factor_verify"), {"code": code})
    assert reused.status_code == 200 and "code" in reused.context["form"].errors
    assert signed_in_as(client) is None


def test_backup_codes_work_once(client):
    user, _device, backup = totp_user()
    sign_in(client, user.email)
    assert client.post(reverse("two_factor_verify"), {"code": backup[0]}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, user.email)
    assert client.post(reverse("two_factor_verify"), {"code": backup[0]}).status_code == 200
    assert signed_in_as(client) is None
    wait_out_throttling(user)
    assert client.post(reverse("two_factor_verify"), {"code": backup[1]}).status_code == 302


def test_email_codes_are_hashed_expire_and_work_once(client):
    user = UserFactory(email="mail2fa@example.ro")
    two_factor_email_enable(user=user)
    sign_in(client, user.email)
    client.post(reverse("two_factor_verify"), {"action": "send_email"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    token = TwoFactorToken.objects.get(user=user)
    assert code not in token.token  # only a hash is stored

    # expired
    TwoFactorToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 200
    assert signed_in_as(client) is None

    # a fresh one works once
    client.post(reverse("two_factor_verify"), {"action": "send_email"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    wait_out_throttling(user)
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, user.email)
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 200
    assert signed_in_as(client) is None


def test_email_codes_are_rate_limited(client, settings):
    user = UserFactory(email="flood@example.ro")
    two_factor_email_enable(user=user)
    sign_in(client, user.email)
    limit = settings.RATE_LIMITS["two_factor_email"][0]
    for _ in range(limit):
        client.post(reverse("two_factor_verify"), {"action": "send_email"})
    assert client.post(reverse("two_factor_verify"), {"action": "send_email"}).status_code == 429
    assert len(mail.outbox) == limit


def test_staff_without_a_device_are_sent_to_enrol_before_admin(client):
    manager = UserFactory(roles=["shop-manager"], is_staff=True)
    sign_in(client, manager.email)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))

    prove_inbox(client, manager)  # a first device needs the code e-mailed to the account
    client.post(reverse("two_factor_setup"), {"action": "totp_start"})
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    page = client.get(reverse("two_factor_setup"))
    assert page.context["qr"].startswith("data:image/svg+xml;base64,")
    response = client.post(reverse("two_factor_setup"), {"action": "totp_confirm", "code": str(totp(device.bin_key)).zfill(6), "next": "/admin/"})
    assert len(response.context["codes"]) == 10
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_buyer_without_two_factor_signs_in_directly(client):
    user = UserFactory()
    response = sign_in(client, user.email)
    assert response["Location"] == reverse("profile")
    assert signed_in_as(client) == user


def test_the_session_key_changes_at_sign_in(client):
    user = UserFactory()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, user.email)
    assert client.session.session_key != before


def test_login_is_rate_limited_per_address(client, settings):
    limit = settings.RATE_LIMITS["login"][0]
    for _ in range(limit):
        sign_in(client, f"x{_}@example.ro", "nope-nope-nope")
    assert sign_in(client, "y@example.ro", "nope-nope-nope").status_code == 429


# --- password reset ------------------------------------------------------------------------------
def test_password_reset_end_to_end(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgot@example.ro")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "forgot@example.ro"})
    link = link_in(mail.outbox[0])
    assert "/accounts/password-reset-confirm/" in link
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert sign_in(client, "forgot@example.ro", NEW_PASSWORD).status_code == 302
    assert signed_in_as(client) == user
    # the link works once
    client.post(reverse("logout"))
    assert not client.get(link, follow=True).context["validlink"]


def test_profile_edits_are_validated(client):
    user = UserFactory()
    client.force_login(user)
    bad = client.post(reverse("profile"), {"phone": "123", "country": "RO", "is_corporate": "on", "vat_number": ""})
    assert bad.status_code == 200
    assert {"phone", "vat_number"} <= set(bad.context["form"].errors)
    good = client.post(reverse("profile"), {"phone": "0722 123 456", "country": "RO", "postal_code": "010292", "city": "București"})
    assert good.status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.phone == "+40722123456"

