"""The buyer's notifications: the in-app inbox, Web Push subscriptions and what to push."""

from datetime import datetime

from django.conf import settings
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from marketplace.notifications import selectors, services
from marketplace.notifications.quiet import BUCHAREST, QUIET_FROM, QUIET_UNTIL
from marketplace.vendors.access import vendor_for_user

from .schemas import ErrorOut, Id

router = Router(tags=["notifications"], auth=django_auth)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
INBOX_LIMIT = 50


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read: bool = Field(..., alias="is_read")


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


class ReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=500)


class CountOut(Schema):
    count: int


class PushKeyOut(Schema):
    enabled: bool
    public_key: str


class SubscriptionKeys(Schema):
    p256dh: str = Field(..., max_length=200)
    auth: str = Field(..., max_length=100)


class SubscriptionIn(Schema):
    """What the browser's PushSubscription.toJSON() gives."""

    endpoint: str = Field(..., max_length=800)
    keys: SubscriptionKeys


class UnsubscribeIn(Schema):
    endpoint: str = Field(..., max_length=800)


class ChannelOut(Schema):
    channel: str = Field(..., description="inbox, push, email or sms", examples=["push"])
    label: str = Field(..., description="The channel's name in the person's language.")
    on: bool
    locked: bool = Field(..., description="Always on for this kind (an order's receipt): cannot be turned off.")


class KindOut(Schema):
    kind: str = Field(..., examples=["outbid"])
    label: str = Field(..., description="The kind's name in the person's language.")
    channels: list[ChannelOut] = Field(..., description="Only the channels this kind can use, in a fixed order.")


class QuietHoursOut(Schema):
    starts: str = Field(..., examples=["22:00"])
    ends: str = Field(..., examples=["08:00"])
    timezone: str = Field(..., examples=["Europe/Bucharest"])
    channels: list[str] = Field(..., description="What waits until the end: push and SMS.")


class PreferencesOut(Schema):
    """Every kind of notice the preferences page shows this person, each channel it can use, and quiet hours.

    ``push_outbid``, ``push_auction_won`` and ``push_price_drop`` are the push cells of those three kinds,
    kept for the PWA's older switches."""

    kinds: list[KindOut]
    quiet_hours: bool = Field(..., description="True: push and SMS sent at night wait for the morning.")
    quiet_hours_window: QuietHoursOut
    push_outbid: bool
    push_auction_won: bool
    push_price_drop: bool


class ChannelsIn(Schema):
    """The channels to change for one kind; a channel left out stays as it is."""

    model_config = {"extra": "forbid"}

    inbox: bool | None = None
    push: bool | None = None
    email: bool | None = None
    sms: bool | None = None


class PreferencesIn(Schema):
    """A partial update: only what is given changes. A channel the kind does not use, or turning off one it
    must keep, is refused with 422 and nothing changes (``fields`` names ``kinds.<kind>.<channel>``)."""

    kinds: dict[str, ChannelsIn] | None = Field(
        None, description="kind → channels to turn on (true) or off (false)",
        examples=[{"outbid": {"push": False, "email": True}, "shipment": {"sms": False}}],
    )
    quiet_hours: bool | None = Field(None, description="Hold push and SMS between 22:00 and 08:00 (Bucharest).")
    push_outbid: bool | None = Field(None, description="Same as kinds.outbid.push (older PWA switches).")
    push_auction_won: bool | None = Field(None, description="Same as kinds.auction_won.push.")
    push_price_drop: bool | None = Field(None, description="Same as kinds.price_drop.push.")


def _preferences(user) -> dict:
    vendor = vendor_for_user(user) is not None
    kinds = [
        {"kind": row.kind, "label": row.label,
         "channels": [{"channel": c.channel, "label": c.label, "on": c.on, "locked": c.locked} for c in row.cells if c.offered]}
        for row in selectors.notification_preference_rows(user=user, vendor=vendor)
    ]
    return {
        "kinds": kinds,
        "quiet_hours": selectors.notification_quiet_hours(user=user),
        "quiet_hours_window": {"starts": QUIET_FROM.strftime("%H:%M"), "ends": QUIET_UNTIL.strftime("%H:%M"),
                               "timezone": str(BUCHAREST), "channels": ["push", "sms"]},
        **selectors.notification_push_switches(user=user),
    }


@router.get("/", response={200: InboxOut, **ERRORS})
def inbox(request):
    items = list(selectors.notification_inbox(user=request.user)[:INBOX_LIMIT])
    for item in items:
        item.is_read = item.read_at is not None
    return {"unread": selectors.notification_unread_count(user=request.user), "items": items}


@router.post("/read", response={200: CountOut, **ERRORS})
def mark_read(request, payload: ReadIn):
    return {"count": services.notifications_mark_read(user=request.user, ids=payload.ids)}


@router.get("/push/key", response={200: PushKeyOut, **ERRORS})
def push_key(request):
    enabled = bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)
    return {"enabled": enabled, "public_key": settings.VAPID_PUBLIC_KEY if enabled else ""}


@router.post("/push/subscriptions", response={201: CountOut, **ERRORS})
def push_subscribe(request, payload: SubscriptionIn):
    services.push_subscription_save(
        user=request.user, endpoint=payload.endpoint, p256dh=payload.keys.p256dh, auth=payload.keys.auth,
        user_agent=request.headers.get("User-Agent", ""),
    )
    return Status(201, {"count": request.user.push_subscriptions.count()})


@router.post("/push/unsubscribe", response={200: CountOut, **ERRORS})
def push_unsubscribe(request, payload: UnsubscribeIn):
    return {"count": services.push_subscription_delete(user=request.user, endpoint=payload.endpoint)}


@router.get("/preferences", response={200: PreferencesOut, **ERRORS})
def preferences(request):
    """The kind × channel matrix of the preferences page, and quiet hours."""
    return _preferences(request.user)


@router.put("/preferences", response={200: PreferencesOut, **ERRORS})
def preferences_update(request, payload: PreferencesIn):
    """Change some cells of the matrix and/or quiet hours; answers the whole matrix as saved."""
    kinds = {kind: channels.dict(exclude_none=True) for kind, channels in (payload.kinds or {}).items()}
    for name, kind in services.PUSH_SWITCHES.items():
        value = getattr(payload, name)
        if value is not None:
            kinds.setdefault(kind, {}).setdefault("push", value)
    services.notification_preferences_set(
        user=request.user, kinds=kinds, quiet_hours=payload.quiet_hours, vendor=vendor_for_user(request.user) is not None,
    )
    return _preferences(request.user)
