"""The types every courier shares: what is sent, what comes back, what it raises, its interface.

Adapters (``sameday``, ``fancourier``, ``cargus``, ``dpd``) speak the courier's documented HTTP API
and reduce its answers to these types; ``local`` is the offline provider. Tracking statuses are
normalised to ``TrackingStatus`` so the rest of the platform never reads a courier's own codes.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


class TrackingStatus:
    CREATED = "created"
    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    FAILED_DELIVERY = "failed_delivery"
    RETURNED = "returned"  # sent back to the sender
    CANCELLED = "cancelled"
    ALL = (CREATED, PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, FAILED_DELIVERY, RETURNED, CANCELLED)


class Service:
    ADDRESS = "address"  # door to door
    LOCKER = "locker"  # to a parcel locker (easybox and the like)
    PICKUP = "pickup"  # the recipient collects it at the courier's office
    ALL = (ADDRESS, LOCKER, PICKUP)


class CourierError(Exception):
    """The courier refused or could not be reached; the message is safe to show to staff and vendors."""

    retryable = False

    def __init__(self, message: str, *, retry_after: float | None = None, raw: object = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.raw = raw


class CourierUnavailable(CourierError):
    """Timeout, connection error, 5xx or rate limit (429): try again later, with backoff."""

    retryable = True


class CourierRefused(CourierError):
    """The courier answered and said no (bad address, unknown locker, bad credentials): retrying will not help."""


@dataclass(frozen=True)
class Address:
    name: str
    phone: str
    street: str
    city: str
    county: str
    postal_code: str = ""
    email: str = ""
    country: str = "RO"
    contact: str = ""  # a person's name when ``name`` is a company


@dataclass(frozen=True)
class Parcel:
    weight_kg: Decimal
    length_cm: int = 30
    width_cm: int = 20
    height_cm: int = 10


@dataclass(frozen=True)
class AwbRequest:
    reference: str  # our shipment's id: the courier's client reference (idempotency where the API offers it)
    sender: Address
    recipient: Address
    parcel: Parcel
    service: str = Service.ADDRESS
    locker_id: str = ""
    cod_amount: Decimal = Decimal("0.00")  # cash the courier collects (RON); 0 = none
    declared_value: Decimal = Decimal("0.00")  # insured value (RON)
    contents: str = ""
    is_return: bool = False  # buyer → vendor


@dataclass(frozen=True)
class AwbResult:
    awb_number: str
    label_pdf: bytes | None = None  # when the courier returns it with the AWB
    price: Decimal | None = None
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class TrackingEvent:
    at: datetime  # aware
    status: str  # TrackingStatus
    description: str = ""
    location: str = ""
    courier_code: str = ""  # the courier's own status code, kept for support


@dataclass(frozen=True)
class Locker:
    id: str
    name: str
    address: str
    city: str
    county: str
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None


class Courier:
    """One courier account. Every method raises ``CourierUnavailable`` or ``CourierRefused`` on failure."""

    code: str = ""  # stored on the shipment: "local", "sameday", "fancourier", "cargus", "dpd"
    label: str = ""  # shown to people
    tracking_url_template: str = ""  # "{awb}" is replaced; "" when the courier has no public page
    services: tuple[str, ...] = (Service.ADDRESS,)

    def create_awb(self, request: AwbRequest) -> AwbResult:
        raise NotImplementedError

    def label_pdf(self, awb_number: str) -> bytes:
        raise NotImplementedError

    def tracking(self, awb_number: str) -> list[TrackingEvent]:
        raise NotImplementedError

    def lockers(self) -> list[Locker]:
        return []

    # A courier that publishes every status change of the account (a feed read by time window) sets
    # ``status_feed``: the tracking job then asks "what changed since the last run" in a few calls
    # instead of one call per parcel. None of the four couriers documents a push (webhook) to a
    # client's URL; Sameday documents this feed.
    status_feed: bool = False
    status_feed_window_s: int = 0  # the longest window one request may cover (0: no limit)

    def status_changes(self, since: datetime, until: datetime) -> list[tuple[str, TrackingEvent]]:
        """(AWB, event) for every status change of the account's parcels in [since, until)."""
        raise NotImplementedError

    def cancel_awb(self, awb_number: str) -> None:
        raise NotImplementedError

    def tracking_url(self, awb_number: str) -> str:
        return self.tracking_url_template.format(awb=awb_number) if self.tracking_url_template else ""
