"""The storefront tab bar's unread-messages badge (one query, only for a signed-in buyer)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import ngettext

from marketplace.chat.selectors import unread_count_for_buyer

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages_badge(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    count = unread_count_for_buyer(user=user) if user is not None else 0
    if not count:
        return ""
    label = ngettext("%(n)s unread message", "%(n)s unread messages", count) % {"n": count}
    return format_html('<span class="badge" data-unread-messages aria-label="{}">{}</span>', label, count)
