"""django-q2 jobs: push one notification to every browser of its user."""

import logging

from django.db.models import F
from django.utils import timezone

from .models import Notification, PushSubscription, SmsMessage
from .push import push_provider
from .sms import SmsRefused, SmsUnavailable, sms_provider

logger = logging.getLogger(__name__)

# SMS that carry a code (phone confirmation, sign-in): the text is not kept once it left or failed.
SMS_CODE_KINDS = frozenset({"phone_code", "two_factor_code"})


def push_notification(notification_id: int, session=None) -> dict:
    """Safe to run twice: a notification already pushed is not pushed again."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.pushed_at is not None:
        return {"sent": 0, "gone": 0, "failed": 0}
    provider = push_provider(session=session)
    if not provider.enabled:
        return {"sent": 0, "gone": 0, "failed": 0}
    payload = {"title": notification.title, "body": notification.body, "url": notification.url or "/",
               "kind": notification.kind, "id": notification.pk}
    report = {"sent": 0, "gone": 0, "failed": 0}
    for subscription in PushSubscription.objects.filter(user_id=notification.user_id):
        result = provider.send(subscription.as_subscription_info(), payload)
        if result.delivered:
            report["sent"] += 1
            PushSubscription.objects.filter(pk=subscription.pk).update(failures=0, last_success_at=timezone.now())
        elif result.gone:
            report["gone"] += 1
            subscription.delete()  # the browser unsubscribed: never try it again
        else:
            report["failed"] += 1
            PushSubscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
            logger.warning("web push failed for subscription %s: %s", subscription.pk, result.detail)
    if report["sent"]:
        Notification.objects.filter(pk=notification.pk).update(pushed_at=timezone.now())
    return report


def purge_dead_subscriptions() -> int:
    """Subscriptions that failed ten times in a row are dropped (daily)."""
    deleted, _rows = PushSubscription.objects.filter(failures__gte=10).delete()
    return deleted


def send_sms_notification(sms_id: int, session=None) -> str:
    """The seed's job: send one queued SMS through the configured provider, once.

    A refusal (bad number, credentials, credit) marks it failed with the gateway's reason; an
    unreachable gateway leaves it queued and fails the job (django-q2 records it; staff retry it).
    """
    message = SmsMessage.objects.filter(pk=sms_id).first()
    if message is None or message.status != SmsMessage.Status.QUEUED:
        return "nothing to send"
    provider = sms_provider(session=session)
    try:
        sent = provider.send(to=message.number, text=message.text)
    except SmsRefused as exc:
        failed = {"status": SmsMessage.Status.FAILED, "error": str(exc)[:300], "provider": provider.name}
        if message.kind in SMS_CODE_KINDS:
            failed["text"] = "[code]"
        SmsMessage.objects.filter(pk=message.pk).update(**failed)
        logger.warning("SMS %s refused: %s", message.pk, exc)
        return f"refused: {exc}"
    except SmsUnavailable as exc:
        SmsMessage.objects.filter(pk=message.pk).update(error=str(exc)[:300], provider=provider.name)
        raise
    updates = {"status": SmsMessage.Status.SENT if sent.delivered else SmsMessage.Status.LOGGED,
               "provider": sent.provider, "provider_id": sent.provider_id, "sent_at": timezone.now(), "error": ""}
    if message.kind in SMS_CODE_KINDS:
        updates["text"] = "[code]"  # the code is not kept in clear once it left
    SmsMessage.objects.filter(pk=message.pk).update(**updates)
    return f"{sent.provider} {sent.provider_id}"
