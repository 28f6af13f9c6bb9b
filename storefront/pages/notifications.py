"""The buyer's notifications in the storefront: the inbox (bell), preferences (kind × channel), one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from doors.errors import error_status
from marketplace.notifications.kinds import CHANNEL_LABELS, CHANNELS
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.selectors import (
    notification_inbox,
    notification_preference_rows,
    notification_quiet_hours,
)
from marketplace.notifications.services import (
    notification_channels_update,
    notification_unsubscribe,
    notifications_mark_read,
)
from marketplace.notifications.unsubscribe import unsubscribe_token_read
from marketplace.vendors.access import vendor_for_user

INBOX_PAGE_SIZE = 20


def _ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 12]


@login_required
def inbox_view(request):
    """GET: the inbox, newest first, 20 a page (two queries whatever the page). POST: mark read (some, or all)."""
    if request.method == "POST":
        if request.POST.get("action") == "read_all":
            notifications_mark_read(user=request.user)
            messages.success(request, _("All notifications are marked read."))
        else:
            notifications_mark_read(user=request.user, ids=_ids(request.POST.getlist("id")))
        page = request.POST.get("page", "")
        return redirect(f"{request.path}?page={page}" if page.isdigit() else request.path)
    page = Paginator(notification_inbox(user=request.user), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pwa/notifications/inbox.html", {"page": page, "items": list(page.object_list)})


@login_required
def notification_open_view(request, notification_id: int):
    """POST: the notice is read, and the buyer goes to its page (its link, when it stays on this site)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notifications_mark_read(user=request.user, ids=[notification_id])
    url = Notification.objects.filter(user=request.user, pk=notification_id).values_list("url", flat=True).first()
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(url)
    return redirect("notifications_inbox")


@login_required
def preferences_view(request):
    """Kind × channel (inbox, push, e-mail, SMS): a box per cell; locked cells shown on and disabled."""
    vendor = vendor_for_user(request.user) is not None
    if request.method == "POST":
        shown = [row.kind for row in notification_preference_rows(user=request.user, vendor=vendor)]
        chosen = {kind: {ch for ch in CHANNELS if request.POST.get(f"{kind}:{ch}") == "on"} for kind in shown}
        notification_channels_update(
            user=request.user, chosen=chosen, kinds=shown, quiet_hours=request.POST.get("quiet_hours") == "on",
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications_preferences")
    return render(request, "pwa/notifications/preferences.html", {
        "rows": notification_preference_rows(user=request.user, vendor=vendor),
        "channels": [(channel, CHANNEL_LABELS[channel]) for channel in CHANNELS],
        "quiet_hours": notification_quiet_hours(user=request.user),
    })


@csrf_exempt  # RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" with no session; the signed token is the proof
def unsubscribe_view(request, token: str):
    """GET: a page that says what will stop, with one button (link scanners must not unsubscribe anyone).
    POST: that kind's e-mails stop (the mail client's one-click, or the button)."""
    found = unsubscribe_token_read(token)
    kind_label = NotificationKind(found[1]).label if found else ""
    if request.method == "POST":
        try:
            _user, kind = notification_unsubscribe(token=token)
        except ValidationError as exc:
            return render(request, "pwa/notifications/unsubscribe.html", {"invalid": True},
                          status=error_status(exc.code))
        return render(request, "pwa/notifications/unsubscribe.html", {"done": True, "kind_label": kind_label})
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    if found is None:
        return render(request, "pwa/notifications/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "pwa/notifications/unsubscribe.html", {"kind_label": kind_label, "token": token})
