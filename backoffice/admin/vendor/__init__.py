"""The vendor site's ModelAdmins (/vendors/), one module per capability, each scoped to the signed-in vendor."""

from . import (  # noqa: F401  (each module registers its ModelAdmins on vendor_site)
    auctions,
    authenticity,
    catalogue,
    orders,
    returns,
    reviews,
    shop,
)
