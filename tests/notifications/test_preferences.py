"""Kind × channel preferences (kinds.PREFERENCES): defaults per kind, locked channels, what notify() sends,
and quiet hours (22:00–08:00 Europe/Bucharest) for push and SMS under frozen time, DST included."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django_q.models import Schedule

from marketplace.notifications import quiet
from marketplace.notifications.kinds import PREFERENCES, channel_on
from marketplace.notifications.models import Notification, PushSubscription, SmsMessage, SmsPhone
from marketplace.notifications.selectors import notification_preference_rows
from marketplace.notifications.services import notification_channels_update, notify
from tests.factories import customer

pytestmark = pytest.mark.django_db
BUCHAREST = ZoneInfo("Europe/Bucharest")


def at(day, hour, minute=0, month=12):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BUCHAREST)


def reachable(user):
    SmsPhone.objects.create(user=user, number="+40712345678", confirmed_at=at(1, 9))
    PushSubscription.objects.create(user=user, endpoint=f"https://push.example/{user.pk}", p256dh="k", auth="a")
    return user


def test_defaults_per_kind_and_locked_channels():
    assert channel_on({}, "order", "email") and channel_on({"order": {"email": False}}, "order", "email")  # locked
    assert channel_on({}, "auction_ending", "push") and not channel_on({}, "auction_ending", "email")  # off by default
    assert not channel_on({}, "price_drop", "sms")  # not offered
    assert not channel_on({"outbid": {"inbox": False}}, "outbid", "push")  # no inbox row, nothing to push
    assert channel_on({}, "", "email")  # e-mail-only kinds (password reset) have no preference
    for kind, spec in PREFERENCES.items():
        assert spec.locked <= spec.offered and spec.defaults <= spec.offered, kind
        assert not (spec.unsubscribe and "email" in spec.locked), kind


def test_unknown_kinds_or_channels_are_refused():
    with pytest.raises(ValidationError) as refused:
        notification_channels_update(user=customer(), chosen={"outbid": {"fax"}})
    assert refused.value.code == "preference_unknown"


def test_preference_rows_show_a_shops_kinds_to_vendors_only():
    buyer = customer()
    assert "shop_order" not in {row.kind for row in notification_preference_rows(user=buyer)}
    assert "shop_order" in {row.kind for row in notification_preference_rows(user=buyer, vendor=True)}


def test_turned_off_channels_are_not_used(settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    buyer = reachable(customer())
    notification_channels_update(user=buyer, chosen={"shipment": {"inbox"}}, kinds=["shipment"])  # no push, e-mail, SMS
    mail.outbox.clear()
    with time_machine.travel(at(2, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        notify(buyer, "out_for_delivery", {"awb": "42"})
    assert Notification.objects.filter(user=buyer, kind="shipment").count() == 1
    assert mail.outbox == [] and not SmsMessage.objects.exists()
    assert not Schedule.objects.filter(schedule_type=Schedule.ONCE).exists()


@pytest.mark.parametrize(("now", "held"), [
    (at(2, 21, 59), False),
    (at(2, 22, 0), True),
    (at(3, 3, 0), True),
    (at(3, 7, 59), True),
    (at(3, 8, 0), False),
])
def test_at_night_push_and_sms_wait_for_eight_and_email_leaves(settings, django_capture_on_commit_callbacks, now, held):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    buyer = reachable(customer())
    mail.outbox.clear()
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        notify(buyer, "auction_won", {"auction": None})
    assert len(mail.outbox) == 1  # e-mail wakes nobody: never held back
    waiting = {s.func: s.next_run for s in Schedule.objects.filter(schedule_type=Schedule.ONCE)}
    if held:
        eight = at(now.day + (1 if now.hour >= 22 else 0), 8)
        assert waiting == {
            "marketplace.notifications.tasks.push_notification": eight,
            "marketplace.notifications.tasks.send_sms_notification": eight,
        }
        assert SmsMessage.objects.get().status == "queued"
    else:
        assert waiting == {} and SmsMessage.objects.get().status == "logged"


@pytest.mark.parametrize(("now", "expected"), [
    (dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), at(29, 8, month=3)),  # 02:30 EET, clocks go forward at 03:00
    (dt.datetime(2026, 10, 24, 20, 30, tzinfo=dt.UTC), at(25, 8, month=10)),  # 23:30 EEST, the night clocks go back
    (dt.datetime(2026, 10, 25, 5, 30, tzinfo=dt.UTC), at(25, 8, month=10)),  # 07:30 EET after the change
    (dt.datetime(2026, 10, 25, 6, 0, tzinfo=dt.UTC), None),  # 08:00 EET
])
def test_quiet_hours_follow_bucharest_time_across_daylight_saving(settings, now, expected):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    assert quiet.quiet_until(now) == expected
