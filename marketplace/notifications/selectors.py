from dataclasses import dataclass

from django.db.models import QuerySet

from .kinds import CHANNEL_LABELS, CHANNELS, PREFERENCES, VENDOR_KINDS, channel_on
from .models import Notification, NotificationKind, NotificationPreference, SmsPhone
from .quiet import quiet_hours_on


def notification_inbox(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_channels(*, user) -> dict:
    """The person's saved changes from the default channels ({kind: {channel: on?}})."""
    return NotificationPreference.objects.filter(user=user).values_list("channels", flat=True).first() or {}


def sms_confirmed_number(*, user) -> str:
    """The person's mobile number once confirmed by an SMS code (E.164), or "" (none, or not confirmed yet)."""
    return SmsPhone.objects.filter(user=user, confirmed_at__isnull=False).values_list("number", flat=True).first() or ""


def notification_quiet_hours(*, user) -> bool:
    """Whether push and SMS wait for 08:00 between 22:00 and 08:00 for this person (on unless they turned it off)."""
    return quiet_hours_on(notification_channels(user=user))


def notification_push_switches(*, user) -> dict[str, bool]:
    """The PWA's three push switches, read from the kind × channel preferences."""
    channels = notification_channels(user=user)
    return {f"push_{kind}": channel_on(channels, kind, "push") for kind in ("outbid", "auction_won", "price_drop")}


@dataclass(frozen=True)
class ChannelCell:
    channel: str
    label: str
    offered: bool
    on: bool
    locked: bool


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    cells: list[ChannelCell]


def notification_preference_rows(*, user, vendor: bool = False) -> list[PreferenceRow]:
    """The preferences page: one row per kind (a shop's kinds only for a vendor), one cell per channel."""
    channels = notification_channels(user=user)
    rows = []
    for kind, spec in PREFERENCES.items():
        if kind in VENDOR_KINDS and not vendor:
            continue
        cells = [
            ChannelCell(
                channel=channel, label=str(CHANNEL_LABELS[channel]), offered=channel in spec.offered,
                on=channel_on(channels, kind, channel), locked=channel in spec.locked,
            )
            for channel in CHANNELS
        ]
        rows.append(PreferenceRow(kind=kind, label=str(NotificationKind(kind).label), cells=cells))
    return rows
