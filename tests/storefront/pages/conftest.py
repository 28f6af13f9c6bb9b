# The auction pages' tests bid with the auction tests' lot and bidders (the storefront's own `vendor` is the same shop).
from tests.auctions.conftest import ana, auction, ioana, mihai  # noqa: F401
