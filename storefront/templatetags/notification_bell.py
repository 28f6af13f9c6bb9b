"""The header's bell: a link to the inbox with the unread count (one query, only for a signed-in person)."""

from django import template

from marketplace.notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("pwa/notifications/_bell.html", takes_context=True)
def notification_bell(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    return {"signed_in": signed_in, "unread": notification_unread_count(user=user) if signed_in else 0}
