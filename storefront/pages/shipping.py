"""The storefront's shipping doors: couriers' webhooks, the checkout's locker search, a parcel's tracking page."""

import logging

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from doors.errors import error_payload
from marketplace.shipping.couriers import REGISTRY
from marketplace.shipping.lockers import locker_search
from marketplace.shipping.selectors import awb_tracking
from marketplace.shipping.services import courier_webhook_handle

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def courier_webhook_view(request, code: str):
    """A courier's signed notification (header ``X-Signature``: hex HMAC-SHA256 of the body); replays change nothing."""
    if code not in REGISTRY:
        raise Http404
    try:
        outcome = courier_webhook_handle(courier_code=code, body=request.body, signature=request.headers.get("X-Signature", ""))
    except ValidationError as exc:
        status, payload = error_payload(exc)
        log.warning("courier webhook %s refused: %s", code, payload["code"])
        return JsonResponse(payload, status=status)
    return JsonResponse({"received": True, "outcome": outcome})


@require_GET
def locker_search_view(request):
    """Lockers matching ``q`` (town, name or address; diacritics optional), at most 30, for the checkout."""
    found = locker_search(request.GET.get("q", "")[:80])
    return JsonResponse({"lockers": [
        {"id": x.id, "name": x.name, "address": x.address, "city": x.city, "county": x.county} for x in found
    ]})


@require_GET
def tracking_view(request, awb: str):
    """The page the label's QR code opens: the parcel's steps (no names or addresses)."""
    tracking = awb_tracking(awb[:64])
    if tracking is None:
        raise Http404
    return render(request, "shipping/tracking.html", {"tracking": tracking})
