"""django-q2 jobs of auctions (seed §8: close_auction, check_auctions). Each takes ids and is safe to run twice."""

import logging

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.common.money import format_money

from .models import Auction
from .selectors import auctions_due_for_closing
from .services import auction_close, auctions_start_due

logger = logging.getLogger(__name__)


def close_auction(auction_id: int) -> str | None:
    """Close one auction at its end time (scheduled per auction, moved on soft-close extensions)."""
    if not Auction.objects.filter(pk=auction_id).exists():
        return None
    return auction_close(auction=auction_id).status


def check_auctions() -> dict:
    """The one-minute sweep: start what is due, close what is over, move unpaid lots on."""
    from .sales import auction_orders_follow_up

    report = {"started": auctions_start_due(), "closed": 0}
    for pk in auctions_due_for_closing().values_list("pk", flat=True):
        try:
            if auction_close(auction=pk).status == Auction.Status.ENDED:
                report["closed"] += 1
        except Exception:  # one broken auction must not stop the sweep for the others
            logger.exception("auction %s: closing failed", pk)
    report["orders"] = auction_orders_follow_up()
    return report


def _mail(user, subject, template: str, context: dict) -> None:
    """The branded e-mail, in ``user``'s language (``subject`` may be a callable run in it)."""
    from marketplace.notifications.email import email_send

    email_send(to=user.email, user=user, subject=subject, body_template=template, context=context)


def _inbox(user, kind: str, title: str, body: str, auction: Auction) -> None:
    """The PWA's inbox (and web push, if the user allows it), beside the e-mail."""
    from django.urls import reverse

    from marketplace.notifications.services import notify

    notify(user=user, kind=kind, title=title, body=body, url=reverse("auction_detail", args=[auction.pk]))


def notify_outbid(auction_id: int, user_id: int, price: str) -> bool:
    """Tell a bidder that somebody else now leads (skipped if they lead again meanwhile)."""
    auction = Auction.objects.select_related("product").filter(pk=auction_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if auction is None or user is None or auction.leader_id == user_id or auction.status != Auction.Status.LIVE:
        return False
    with translation.override("ro"):
        subject = _("You have been outbid: %(title)s") % {"title": auction.product.title}
        line = _("The price is now %(price)s lei. Raise your maximum to lead again.") % {"price": format_money(price, unit=False)}
    _mail(user, lambda: _("You have been outbid: %(title)s") % {"title": auction.product.title},
          "auctions/email/outbid.txt", {"auction": auction, "price": format_money(price, unit=False)})
    _inbox(user, "outbid", subject, line, auction)
    return True


def notify_auction_closed(auction_id: int) -> int:
    """Tell the vendor the result and, on a sale, the winner that they won and must pay."""
    auction = Auction.objects.select_related("product", "vendor__user", "winner").filter(pk=auction_id).first()
    if auction is None or auction.status != Auction.Status.ENDED:
        return 0
    sent = 0
    with translation.override("ro"):
        winner_subject = _("You won the auction: %(title)s") % {"title": auction.product.title}
    _mail(auction.vendor.user, lambda: _("Your auction has ended: %(title)s") % {"title": auction.product.title},
          "auctions/email/closed_vendor.txt", {"auction": auction})
    sent += 1
    if auction.result == Auction.Result.SOLD and auction.winner is not None:
        _mail(auction.winner, lambda: _("You won the auction: %(title)s") % {"title": auction.product.title},
              "auctions/email/won.txt", {"auction": auction})
        with translation.override("ro"):
            line = _("Pay %(price)s lei from your orders before the deadline.") % {"price": format_money(auction.winning_price, unit=False)}
        _inbox(auction.winner, "auction_won", winner_subject, line, auction)
        sent += 1
    return sent


def notify_second_chance(auction_id: int, user_id: int) -> bool:
    """Tell the next bidder the lot is theirs at their maximum, if they pay in time."""
    auction = Auction.objects.select_related("product", "winner").filter(pk=auction_id).first()
    if auction is None or auction.winner_id != user_id:
        return False
    with translation.override("ro"):
        subject = _("The lot is yours if you want it: %(title)s") % {"title": auction.product.title}
    _mail(auction.winner, lambda: _("The lot is yours if you want it: %(title)s") % {"title": auction.product.title},
          "auctions/email/second_chance.txt", {"auction": auction})
    with translation.override("ro"):
        line = _("Pay %(price)s lei from your orders before the deadline.") % {"price": format_money(auction.winning_price, unit=False)}
    _inbox(auction.winner, "auction_won", subject, line, auction)
    return True
