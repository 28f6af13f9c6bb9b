"""SMS: SMSLink.ro's gateway (recorded answers), phone confirmation by code, urgent kinds only, quiet hours."""

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
import requests
import responses
import time_machine
from django.core.exceptions import ValidationError
from django_q.models import Schedule

from marketplace.notifications import quiet
from marketplace.notifications.models import Notification, PushSubscription, SmsMessage, SmsPhone
from marketplace.notifications.services import (
    notification_create,
    notify,
    sms_number_parse,
    sms_phone_confirm,
    sms_phone_start,
)
from marketplace.notifications.sms import SmsLinkProvider, SmsRefused, SmsUnavailable, sms_provider
from marketplace.notifications.tasks import send_sms_notification
from tests.factories import customer

pytestmark = pytest.mark.django_db
BUCHAREST = ZoneInfo("Europe/Bucharest")
GATEWAY = SmsLinkProvider.endpoint


def at(hour, minute=0, day=2):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=BUCHAREST)


@pytest.fixture
def smslink(settings):
    settings.SMS_PROVIDER = "smslink"
    settings.SMSLINK_CONNECTION_ID = "conn-123"
    settings.SMSLINK_PASSWORD = "secret"
    settings.SMSLINK_SENDER = "SNOBISTIC"


def confirmed(user, number="+40712345678"):
    return SmsPhone.objects.create(user=user, number=number, confirmed_at=dt.datetime(2026, 11, 1, tzinfo=BUCHAREST))


def last_code():
    return re.search(r"\b(\d{6})\b", SmsMessage.objects.filter(kind="phone_code").latest("pk").text).group(1)


# --- the gateway -------------------------------------------------------------------------------
@responses.activate
def test_smslink_sends_the_documented_parameters_and_reads_the_message_id(smslink):
    responses.post(GATEWAY, body="MESSAGE;1;Message sent;182937465,1")
    sent = sms_provider().send(to="+40712345678", text="Coletul vine azi")
    assert (sent.provider, sent.provider_id, sent.delivered) == ("smslink", "182937465", True)
    body = parse_qs(responses.calls[0].request.body)
    assert body == {"connection_id": ["conn-123"], "password": ["secret"], "to": ["0712345678"],
                    "message": ["Coletul vine azi"], "sender": ["SNOBISTIC"]}


@responses.activate
def test_smslink_international_numbers_use_00(smslink):
    responses.post(GATEWAY, body="MESSAGE;1;Message sent;5,1")
    sms_provider().send(to="+447700900123", text="x")
    assert parse_qs(responses.calls[0].request.body)["to"] == ["00447700900123"]


@responses.activate
def test_smslink_errors_are_refusals_and_outages_are_unavailable(smslink):
    responses.post(GATEWAY, body="ERROR;3;Connection ID or Password are invalid.")
    with pytest.raises(SmsRefused, match="3;Connection ID"):
        sms_provider().send(to="+40712345678", text="x")
    responses.replace(responses.POST, GATEWAY, status=502)
    with pytest.raises(SmsUnavailable):
        sms_provider().send(to="+40712345678", text="x")
    responses.replace(responses.POST, GATEWAY, body=requests.exceptions.ConnectTimeout("slow"))
    with pytest.raises(SmsUnavailable):
        sms_provider().send(to="+40712345678", text="x")


def test_console_is_the_default_and_says_it_did_not_send(settings):
    assert sms_provider().name == "console"
    settings.SMS_PROVIDER = "smslink"  # chosen but without credentials: still the console
    assert sms_provider().name == "console"
    assert sms_provider().send(to="+40712345678", text="x").delivered is False


# --- the job -------------------------------------------------------------------------------------
@responses.activate
def test_send_sms_notification_sends_once_and_records_the_gateway_id(smslink):
    responses.post(GATEWAY, body="MESSAGE;1;Message sent;777,1")
    message = SmsMessage.objects.create(user=customer(), number="+40712345678", kind="auction_won", text="Ați câștigat")
    send_sms_notification(message.pk)
    send_sms_notification(message.pk)
    message.refresh_from_db()
    assert (message.status, message.provider_id, len(responses.calls)) == ("sent", "777", 1)


@responses.activate
def test_a_refused_sms_fails_and_an_outage_leaves_it_queued(smslink):
    user = customer()
    refused = SmsMessage.objects.create(user=user, number="+40712345678", kind="auction_won", text="x")
    responses.post(GATEWAY, body="ERROR;12;Insufficient credit")
    send_sms_notification(refused.pk)
    refused.refresh_from_db()
    assert refused.status == "failed" and "Insufficient credit" in refused.error
    waiting = SmsMessage.objects.create(user=user, number="+40712345678", kind="auction_won", text="x")
    responses.replace(responses.POST, GATEWAY, body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(SmsUnavailable):
        send_sms_notification(waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == "queued" and "ReadTimeout" in waiting.error


def test_console_sms_is_logged_not_sent():
    message = SmsMessage.objects.create(user=customer(), number="+40712345678", kind="auction_won", text="x")
    send_sms_notification(message.pk)
    message.refresh_from_db()
    assert message.status == "logged"


# --- the number and its confirmation -------------------------------------------------------------
@pytest.mark.parametrize("typed", ["0712 345 678", "+40 712 345 678", "0040712345678", "712345678"])
def test_numbers_are_read_to_e164(typed):
    assert sms_number_parse(typed) == "+40712345678"


@pytest.mark.parametrize("typed", ["", "abc", "0212345678", "07123"])
def test_not_a_mobile_number_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        sms_number_parse(typed)
    assert refused.value.error_dict["number"][0].code == "phone_invalid"


def test_a_code_confirms_the_number_and_is_not_kept_in_clear(django_capture_on_commit_callbacks):
    user = customer()
    with django_capture_on_commit_callbacks(execute=False):
        sms_phone_start(user=user, number="0712 345 678")
    code = last_code()
    with pytest.raises(ValidationError):
        sms_phone_confirm(user=user, code="000000" if code != "000000" else "111111")
    phone = sms_phone_confirm(user=user, code=code)
    assert phone.number == "+40712345678" and phone.confirmed_at is not None
    send_sms_notification(SmsMessage.objects.get(kind="phone_code").pk)
    assert SmsMessage.objects.get(kind="phone_code").text == "[code]"


def test_codes_are_rate_limited_and_expire(django_capture_on_commit_callbacks):
    user = customer()
    with time_machine.travel(at(12), tick=False) as clock, django_capture_on_commit_callbacks(execute=False):
        sms_phone_start(user=user, number="0712345678")
        with pytest.raises(ValidationError) as again:
            sms_phone_start(user=user, number="0712345678")
        assert again.value.code == "rate_limited"
        clock.shift(61)
        sms_phone_start(user=user, number="0712345678")
        clock.shift(61)
        sms_phone_start(user=user, number="0712345678")
        clock.shift(61)
        with pytest.raises(ValidationError) as hourly:
            sms_phone_start(user=user, number="0712345678")  # a fourth within the hour
        assert hourly.value.code == "rate_limited"
        code = last_code()
        clock.shift(11 * 60)
        with pytest.raises(ValidationError) as late:
            sms_phone_confirm(user=user, code=code)
        assert late.value.code == "expired"


def test_five_wrong_codes_lock_the_code(django_capture_on_commit_callbacks):
    user = customer()
    with django_capture_on_commit_callbacks(execute=False):
        sms_phone_start(user=user, number="0712345678")
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _attempt in range(5):
        with pytest.raises(ValidationError):
            sms_phone_confirm(user=user, code=wrong)
    with pytest.raises(ValidationError) as locked:
        sms_phone_confirm(user=user, code=code)
    assert locked.value.code == "rate_limited"


# --- which notifications become SMS --------------------------------------------------------------
def test_sms_only_for_urgent_kinds_and_only_to_a_confirmed_number(django_capture_on_commit_callbacks):
    buyer, unconfirmed, vendor = customer(), customer(), customer()
    confirmed(buyer)
    SmsPhone.objects.create(user=unconfirmed, number="+40722222222")
    confirmed(vendor, "+40733333333")
    with django_capture_on_commit_callbacks(execute=True):
        notify(buyer, "out_for_delivery", {"awb": "1234567890"})
        notify(unconfirmed, "out_for_delivery", {"awb": "1"})
        notify(buyer, "price_drop", {"item": None, "product": None, "old_price": Decimal(1), "new_price": Decimal(1)})
        notify(vendor, "payout_status", {"payout": None, "status": "requested"})
        notify(vendor, "payout_status", {"payout": None, "status": "paid"})
    sms = list(SmsMessage.objects.order_by("pk").values_list("number", "kind", "status"))
    assert sms == [("+40712345678", "out_for_delivery", "logged"), ("+40733333333", "payout_status", "logged")]
    assert "1234567890" in SmsMessage.objects.get(kind="out_for_delivery").text


@pytest.mark.parametrize(("now", "expected"), [
    (at(21, 59), None),
    (at(22, 0), at(8, 0, day=3)),
    (at(23, 30), at(8, 0, day=3)),
    (at(7, 59), at(8, 0)),
    (at(8, 0), None),
])
def test_quiet_hours_run_from_22_to_08_in_bucharest(settings, now, expected):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    assert quiet.quiet_until(now) == expected


def test_in_quiet_hours_sms_and_push_wait_for_eight(settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    buyer = customer()
    confirmed(buyer)
    PushSubscription.objects.create(user=buyer, endpoint="https://push.example/abc", p256dh="k", auth="a")
    with time_machine.travel(at(23, 30), tick=False), django_capture_on_commit_callbacks(execute=True):
        notify(buyer, "out_for_delivery", {"awb": "42"})
    sms = SmsMessage.objects.get()
    assert sms.status == "queued" and sms.send_after == at(8, 0, day=3)
    waiting = Schedule.objects.filter(schedule_type=Schedule.ONCE).order_by("func")
    assert [(s.func, s.next_run) for s in waiting] == [
        ("marketplace.notifications.tasks.push_notification", at(8, 0, day=3)),
        ("marketplace.notifications.tasks.send_sms_notification", at(8, 0, day=3)),
    ]
    assert Notification.objects.get(user=buyer).pushed_at is None


def test_in_the_day_push_and_sms_leave_at_once(settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    buyer = customer()
    confirmed(buyer)
    with time_machine.travel(at(10), tick=False), django_capture_on_commit_callbacks(execute=True):
        notification_create(user=buyer, kind="order", title="t", body="b")
        notify(buyer, "auction_won", {"auction": None})
    assert not Schedule.objects.filter(schedule_type=Schedule.ONCE).exists()
    assert SmsMessage.objects.get().status == "logged"
