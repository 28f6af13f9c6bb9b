"""The storefront's server-rendered buyer pages: accounts, cart/checkout/orders and auctions (the catalogue's are storefront/views.py)."""
