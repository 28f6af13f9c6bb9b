"""Thin triggers: events of lower contexts that open or move auctions."""

from django.dispatch import receiver

from marketplace.products.signals import listing_validated

from .services import auction_create_for_product


@receiver(listing_validated, dispatch_uid="auctions_open_on_validation")
def open_auction_of_validated_listing(sender, product, **kwargs) -> None:
    """A validated auction listing opens its auction (in the validating transaction)."""
    if hasattr(product, "auctionproduct"):
        auction_create_for_product(product=product.auctionproduct)
