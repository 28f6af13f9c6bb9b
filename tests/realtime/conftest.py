# The websocket's tests watch the auction tests' lot and bidders.
from tests.auctions.conftest import ana, auction, ioana, mihai, vendor  # noqa: F401
