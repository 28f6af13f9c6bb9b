"""The seed's auction pages (auction_list, auction_detail, place_bid, auction_status): thin doors."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doors.errors import error_payload
from marketplace.auctions.models import Auction, Bid
from marketplace.auctions.selectors import (
    auction_bid_history,
    auction_for_detail,
    auction_for_status,
    auction_list_public,
    auction_status,
)
from marketplace.auctions.services import auction_place_bid
from storefront.presenters import image_sources, primary_image


def _outcome_message(outcome: str) -> str:
    return {
        Bid.Outcome.LEADING: _("You are the highest bidder."),
        Bid.Outcome.RAISED: _("Your maximum is raised; you still lead."),
        Bid.Outcome.OUTBID: _("Your bid is placed, but another bidder's maximum is higher: you have been outbid."),
    }[outcome]


def _get_auction(pk) -> Auction:
    try:
        return auction_for_detail(pk=pk)
    except Auction.DoesNotExist as exc:
        raise Http404 from exc


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json"


@require_GET
def auction_list_view(request):

    page = Paginator(auction_list_public(), 24).get_page(request.GET.get("page"))
    cards = [{"auction": auction, "image": image_sources(primary_image(auction.product))} for auction in page.object_list]
    return render(request, "auctions/auction_list.html", {"auctions": page.object_list, "cards": cards, "page": page})


@require_GET
def auction_detail_view(request, pk: int):

    auction = _get_auction(pk)
    context = {
        "auction": auction,
        "images": [image_sources(image) for image in auction.product.images.all()],
        "status": auction_status(auction=auction, user=request.user),
        "history": auction_bid_history(auction=auction, anonymise=True, show_maximums=False)[:50],
    }
    return render(request, "auctions/auction_detail.html", context)


@require_POST
def place_bid_view(request, auction_id: int):
    """POST amount=<lei>. JSON callers get the status (201) or {code, message, fields}; forms a redirect."""
    auction = _get_auction(auction_id)
    amount = request.POST.get("amount", "")
    if request.content_type == "application/json":
        try:
            amount = str(json.loads(request.body or b"{}").get("amount", ""))
        except (ValueError, AttributeError):
            amount = ""
    if not request.user.is_authenticated and not _wants_json(request):
        return redirect(f"{reverse('login')}?next={reverse('auction_detail', args=[auction.pk])}")
    try:
        bid = auction_place_bid(auction=auction, user=request.user, amount=amount)
    except ValidationError as exc:
        status, payload = error_payload(exc)
        if _wants_json(request):
            return JsonResponse(payload, status=status)
        messages.error(request, payload["message"])
        return redirect("auction_detail", pk=auction.pk)
    message = _outcome_message(bid.outcome)
    if _wants_json(request):
        return JsonResponse(
            {"outcome": bid.outcome, "message": message, **auction_status(auction=bid.auction, user=request.user)},
            status=201,
        )
    (messages.success if bid.outcome != Bid.Outcome.OUTBID else messages.warning)(request, message)
    return redirect("auction_detail", pk=auction.pk)


@require_GET
def auction_status_view(request, auction_id: int):
    """Polling: the auction's status as JSON (no caching: the price moves)."""
    try:
        auction = auction_for_status(pk=auction_id)
    except (Auction.DoesNotExist, ValueError):
        return JsonResponse({"code": "not_found", "message": _("No such auction."), "fields": {}}, status=404)
    response = JsonResponse(auction_status(auction=auction, user=request.user))
    response["Cache-Control"] = "no-store"
    return response
