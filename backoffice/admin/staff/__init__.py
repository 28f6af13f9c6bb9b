"""The staff site's ModelAdmins (/admin/), one module per capability; importing them registers them."""

from . import (  # noqa: F401  (each module registers its ModelAdmins on admin.site)
    accounts,
    auctions,
    audit,
    authenticity,
    catalogue,
    chat,
    currency,
    fulfilment,
    imports,
    jobs,
    orders,
    reviews,
    settings,
    shipping,
    support,
    vendors,
    wallet,
    wallet_documents,
)
