"""The buyer's notifications: the in-app inbox, Web Push subscriptions and what to push."""

from datetime import datetime

from django.conf import settings
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from marketplace.notifications import selectors, services

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


class PreferencesIO(Schema):
    push_outbid: bool
    push_auction_won: bool
    push_price_drop: bool


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


@router.get("/preferences", response={200: PreferencesIO, **ERRORS})
def preferences(request):
    return selectors.notification_push_switches(user=request.user)


@router.put("/preferences", response={200: PreferencesIO, **ERRORS})
def preferences_update(request, payload: PreferencesIO):
    services.notification_preferences_update(user=request.user, **payload.dict())
    return selectors.notification_push_switches(user=request.user)
