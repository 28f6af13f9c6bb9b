"""The auctions' part of the buyer's privacy rights (receivers of marketplace.customers.privacy's signals).

Bids stay as the lots' history (amounts and times, the account itself anonymised); an account that
leads a live auction cannot be deleted until the auction ends, because its bid binds it.
"""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from marketplace.customers.privacy import account_erase_check, personal_data_collect

from .models import Auction, Bid


@receiver(personal_data_collect, dispatch_uid="auctions_personal_data")
def bids_personal_data(sender, user, **kwargs):
    bids = Bid.objects.filter(user=user).select_related("auction__product").order_by("timestamp", "pk")
    return "bids", [
        {"auction_id": bid.auction_id, "piece": bid.auction.product.display_title, "maximum": str(bid.amount),
         "price_after": str(bid.price_after), "outcome": bid.outcome, "placed_at": bid.timestamp.isoformat()}
        for bid in bids
    ]


@receiver(account_erase_check, dispatch_uid="auctions_erase_check")
def auctions_erase_check(sender, user, **kwargs):
    if Auction.objects.filter(leader=user, status=Auction.Status.LIVE).exists():
        return _("You lead a live auction: you can delete the account once it ends.")
    return None
