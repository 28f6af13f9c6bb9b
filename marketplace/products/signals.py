"""Events of the catalogue that higher contexts listen to (products never imports them).

``listing_validated`` (sender: the Product class, ``product``: the listing) is sent inside the
transaction that validates a listing; auctions opens the auction of an auction listing on it.
"""

from django.dispatch import Signal

listing_validated = Signal()
