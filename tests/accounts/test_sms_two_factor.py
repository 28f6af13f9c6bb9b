"""Sign-in codes by SMS: the device, the choice on the security page, sign-in end to end, the fresh
code a shop's IBAN change asks for, and what is never kept or logged."""

import datetime as dt
import logging
import re
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
import responses
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_q.models import Schedule

from marketplace.accounts.models import EmailCodeDevice, SmsCodeDevice, UserProfile
from marketplace.accounts.services import (
    two_factor_code_channel,
    two_factor_code_channel_set,
    two_factor_code_send,
    two_factor_sms_code_send,
    two_factor_verify,
)
from marketplace.accounts.tokens import api_sign_in
from marketplace.notifications.models import SmsMessage, SmsPhone
from marketplace.notifications.sms import SmsLinkProvider
from marketplace.vendors.services import vendor_iban_set
from tests.factories import PASSWORD, UserFactory, approved_vendor, customer

from .helpers import prove_inbox

pytestmark = pytest.mark.django_db
BUCHAREST = ZoneInfo("Europe/Bucharest")
GATEWAY = SmsLinkProvider.endpoint
NUMBER = "+40712345678"


@pytest.fixture
def smslink(settings):
    """SMSLink.ro's gateway chosen and configured; its answers are the recorded ones of tests/notifications/test_sms.py."""
    settings.SMS_PROVIDER = "smslink"
    settings.SMSLINK_CONNECTION_ID = "conn-123"
    settings.SMSLINK_PASSWORD = "secret"
    settings.SMSLINK_SENDER = "SNOBISTIC"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as gateway:
        gateway.post(GATEWAY, body="MESSAGE;1;Message sent;182937465,1")
        yield gateway


def confirm_phone(user, number=NUMBER):
    return SmsPhone.objects.create(user=user, number=number, confirmed_at=dt.datetime(2026, 11, 1, tzinfo=BUCHAREST))


def sms_user(**kwargs):
    user = customer(**kwargs)
    confirm_phone(user)
    two_factor_code_channel_set(user=user, channel="sms")
    return user


def texted(gateway, index=-1) -> dict:
    return {key: values[0] for key, values in parse_qs(gateway.calls[index].request.body).items()}


def code_texted(gateway) -> str:
    return re.search(r"\b(\d{6})\b", texted(gateway)["message"]).group(1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the SMS job is queued after it; jobs run inline in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sign_in(client, user):
    return client.post(reverse("login"), {"email": user.email, "password": PASSWORD})


# --- the device ------------------------------------------------------------------------------
def test_a_code_works_once_and_not_after_five_minutes():
    user = sms_user()
    device = SmsCodeDevice.objects.get(user=user)
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, tzinfo=BUCHAREST), tick=False) as clock:
        code = device.issue_code()
        assert re.fullmatch(r"\d{6}", code)
        assert device.verify_token(code) is True
        assert device.verify_token(code) is False  # used up
        later = device.issue_code()
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        device.throttling_failure_count = 0  # the wrong try above slowed the device: not what is tested here
        assert device.verify_token(later) is False  # expired


def test_a_new_code_retires_the_last_and_an_emailed_code_never_opens_the_sms_device():
    user = sms_user()
    device = SmsCodeDevice.objects.get(user=user)
    first = device.issue_code()
    second = device.issue_code()
    assert device.verify_token(first) is False
    device.throttling_failure_count = 0
    email_code = EmailCodeDevice.objects.create(user=user, name="E-mail", confirmed=False).issue_code()  # an enrolment code
    assert device.verify_token(email_code) is False
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    assert device.verify_token(second) is False  # the e-mailed code retired it too: only the newest works


def test_wrong_guesses_slow_the_device_down():
    user = sms_user()
    device = SmsCodeDevice.objects.get(user=user)
    code = device.issue_code()
    assert device.verify_token("000000" if code != "000000" else "111111") is False
    assert device.verify_token(code) is False  # throttled for a second after a wrong try
    assert device.verify_is_allowed()[0] is False


# --- choosing e-mail or SMS --------------------------------------------------------------------
def test_sms_is_refused_without_a_confirmed_number_in_both_languages():
    user = customer()
    SmsPhone.objects.create(user=user, number=NUMBER)  # code sent, never typed
    for language, words in [("en", "Confirm a mobile number by SMS first"), ("ro", "Confirmați mai întâi un număr de mobil prin SMS")]:
        from django.utils import translation

        with translation.override(language), pytest.raises(ValidationError) as refused:
            two_factor_code_channel_set(user=user, channel="sms")
        assert refused.value.code == "sms_phone_missing" and words in refused.value.message
    assert not SmsCodeDevice.objects.filter(user=user).exists() and two_factor_code_channel(user=user) == ""


def test_one_channel_at_a_time():
    user = customer()
    confirm_phone(user)
    two_factor_code_channel_set(user=user, channel="email")
    assert two_factor_code_channel(user=user) == "email"
    two_factor_code_channel_set(user=user, channel="sms")
    assert two_factor_code_channel(user=user) == "sms"
    assert not EmailCodeDevice.objects.filter(user=user, confirmed=True).exists()
    two_factor_code_channel_set(user=user, channel="email")
    assert two_factor_code_channel(user=user) == "email" and not SmsCodeDevice.objects.filter(user=user).exists()
    with pytest.raises(ValidationError):
        two_factor_code_channel_set(user=user, channel="pigeon")


def test_the_security_page_offers_sms_only_with_a_confirmed_number(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = customer()
    client.force_login(user)
    prove_inbox(client, user)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert 'value="sms"' not in page and reverse("sms_phone") in page
    refused = client.post(reverse("two_factor_setup"), {"action": "code_channel", "channel": "sms"}, follow=True)
    assert "Confirm a mobile number by SMS first" in refused.content.decode()
    assert two_factor_code_channel(user=user) == ""

    confirm_phone(user)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert 'value="sms"' in page and NUMBER in page
    client.post(reverse("two_factor_setup"), {"action": "code_channel", "channel": "sms"})
    assert two_factor_code_channel(user=user) == "sms"
    # the inbox proof does not stand for the phone: the session is verified by a texted code first
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(reverse("two_factor_verify"))


def test_the_choice_needs_the_inbox_proof_or_a_verified_session(client):
    user = customer()
    confirm_phone(user)
    client.force_login(user)
    client.post(reverse("two_factor_setup"), {"action": "code_channel", "channel": "sms"})
    assert two_factor_code_channel(user=user) == ""


# --- sign-in end to end ------------------------------------------------------------------------
def test_sign_in_with_a_texted_code(client, smslink, committed):
    user = sms_user()
    response = sign_in(client, user)
    assert response.status_code == 302 and response["Location"] == reverse("two_factor_verify")
    page = client.get(reverse("two_factor_verify"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-send-code="sms"' in page and "Text me a code" in page
    assert "Trimiteți-mi codul prin SMS" in client.get(reverse("two_factor_verify"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    with committed():
        client.post(reverse("two_factor_verify"), {"action": "send_code"})
    assert len(smslink.calls) == 1 and texted(smslink)["to"] == "0712345678"  # SMSLink's national form
    code = code_texted(smslink)
    assert not mail.outbox  # by SMS, not by e-mail
    assert client.session.get("_auth_user_id") is None
    wrong = client.post(reverse("two_factor_verify"), {"code": "12345"})
    assert wrong.status_code == 200 and client.session.get("_auth_user_id") is None
    client.get("/")  # nothing else: throttling is per device and time-based
    SmsCodeDevice.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    done = client.post(reverse("two_factor_verify"), {"code": code})
    assert done.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("two_factor_setup")).status_code == 200  # a verified session
    message = SmsMessage.objects.get(user=user, kind="two_factor_code")
    assert (message.status, message.provider_id, message.text) == ("sent", "182937465", "[code]")


def test_the_text_is_in_the_persons_language(smslink, committed):
    english = sms_user()
    UserProfile.objects.filter(user=english).update(language="en")
    with committed():
        two_factor_sms_code_send(user=english)
    assert texted(smslink)["message"].startswith("SNOBISTIC: your sign-in code is ")
    romanian = sms_user()
    UserProfile.objects.filter(user=romanian).update(language="ro")
    with committed():
        two_factor_sms_code_send(user=romanian)
    assert "codul dumneavoastră de autentificare este" in texted(smslink)["message"]


def test_sends_are_limited_one_a_minute_five_an_hour(client, smslink, committed):
    user = sms_user()
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, tzinfo=BUCHAREST), tick=False) as clock, committed():
        sign_in(client, user)
        assert client.post(reverse("two_factor_verify"), {"action": "send_code"}).status_code == 302
        again = client.post(reverse("two_factor_verify"), {"action": "send_code"}, HTTP_ACCEPT_LANGUAGE="en")
        assert again.status_code == 429 and "wait a minute" in again.content.decode()
        for _minute in range(4):
            clock.shift(dt.timedelta(seconds=61))
            two_factor_sms_code_send(user=user)
        clock.shift(dt.timedelta(seconds=61))
        with pytest.raises(ValidationError) as refused:
            two_factor_sms_code_send(user=user)
        assert refused.value.code == "rate_limited"
    assert len(smslink.calls) == 5


def test_quiet_hours_do_not_hold_back_a_sign_in_code(settings, smslink, committed):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    user = sms_user()
    with time_machine.travel(dt.datetime(2026, 12, 2, 23, 30, tzinfo=BUCHAREST), tick=False), committed():
        two_factor_sms_code_send(user=user)
    assert len(smslink.calls) == 1 and not Schedule.objects.filter(name__startswith="quiet:").exists()
    assert SmsMessage.objects.get(kind="two_factor_code").send_after is None


def test_the_code_is_never_logged_by_the_gateway_path(smslink, caplog, committed):
    user = sms_user()
    with caplog.at_level(logging.DEBUG), committed():
        two_factor_sms_code_send(user=user)
    code = code_texted(smslink)
    assert code not in caplog.text
    assert code not in SmsMessage.objects.get(kind="two_factor_code").text


def test_a_refused_code_sms_keeps_no_code(settings, committed):
    settings.SMS_PROVIDER, settings.SMSLINK_CONNECTION_ID, settings.SMSLINK_PASSWORD = "smslink", "conn-123", "secret"
    user = sms_user()
    with responses.RequestsMock() as gateway, committed():
        gateway.post(GATEWAY, body="ERROR;12;Insufficient credit")
        two_factor_sms_code_send(user=user)
    message = SmsMessage.objects.get(kind="two_factor_code")
    assert message.status == "failed" and message.text == "[code]"


def test_the_console_provider_prints_the_code_in_development(capsys, committed):
    user = sms_user()
    with committed():
        two_factor_sms_code_send(user=user)
    assert re.search(r"\[SMS to \+40712345678\] .*\b\d{6}\b", capsys.readouterr().out)
    assert SmsMessage.objects.get(kind="two_factor_code").status == "logged"


def test_a_removed_number_sends_codes_back_to_email_instead_of_locking_out():
    user = sms_user()
    SmsPhone.objects.filter(user=user).delete()
    with pytest.raises(ValidationError) as refused:
        two_factor_sms_code_send(user=user)
    assert refused.value.code == "sms_phone_missing"
    assert two_factor_code_send(user=user) == "email"
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert two_factor_code_channel(user=user) == "email"
    assert two_factor_verify(user=user, code=code) is not None


def test_the_api_sign_in_texts_the_code(rf, smslink, committed):
    user = sms_user()
    request = rf.post("/api/users/login/")
    with committed():
        result = api_sign_in(request=request, email=user.email, password=PASSWORD, second_factor_required=False)
    assert "SmsCodeDevice" in result.methods and len(smslink.calls) == 1


# --- a fresh code for a change that asks for one -----------------------------------------------
def test_a_shop_iban_change_takes_a_texted_code(client, smslink, committed):
    vendor = approved_vendor(user=UserFactory())
    confirm_phone(vendor.user)
    two_factor_code_channel_set(user=vendor.user, channel="sms")
    client.force_login(vendor.user)
    page = client.get(reverse("two_factor_code") + "?next=/vendors/").content.decode()
    assert 'data-send-code="sms"' in page
    with committed():
        sent = client.post(reverse("two_factor_code"), {"next": "/vendors/"})
    assert sent.status_code == 302 and sent["Location"] == "/vendors/"
    with pytest.raises(ValidationError):
        vendor_iban_set(vendor=vendor, actor=vendor.user, iban="RO49AAAA1B31007593840000", two_factor_code="abcdef")
    SmsCodeDevice.objects.filter(user=vendor.user).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    vendor_iban_set(vendor=vendor, actor=vendor.user, iban="RO49AAAA1B31007593840000", two_factor_code=code_texted(smslink))
    vendor.refresh_from_db()
    assert vendor.iban == "RO49AAAA1B31007593840000"


def test_the_fresh_code_page_with_an_app_only_sends_nothing(client):
    user = customer()
    client.force_login(user)
    page = client.get(reverse("two_factor_code"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "authenticator app" in page.content.decode()
    client.post(reverse("two_factor_code"))
    assert not SmsMessage.objects.exists() and not mail.outbox
