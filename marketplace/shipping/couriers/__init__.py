"""One interface for every courier: the offline ``local`` provider and the real adapters.

``courier_for(code)`` is the registry; ``available_couriers()`` lists the ones that may be used now
(local always, each real courier only when its credentials are in the environment — see
``config/settings/base.py``); ``default_courier()`` is ``SHIPPING_DEFAULT_COURIER`` (local by default).
"""

from django.conf import settings

from .base import (
    Address,
    AwbRequest,
    AwbResult,
    Courier,
    CourierError,
    CourierRefused,
    CourierUnavailable,
    Locker,
    Parcel,
    Service,
    TrackingEvent,
    TrackingStatus,
)
from .cargus import CargusCourier
from .dpd import DpdCourier
from .fancourier import FanCourier
from .local import LocalCourier
from .sameday import SamedayCourier

__all__ = [
    "Address", "AwbRequest", "AwbResult", "Courier", "CourierError", "CourierRefused", "CourierUnavailable",
    "Locker", "Parcel", "Service", "TrackingEvent", "TrackingStatus",
    "REGISTRY", "available_couriers", "courier_for", "courier_enabled", "default_courier",
]

# code → (class, the settings that must all be set for it to be on)
REGISTRY: dict[str, tuple[type[Courier], tuple[str, ...]]] = {
    "local": (LocalCourier, ()),
    "sameday": (SamedayCourier, ("SAMEDAY_USERNAME", "SAMEDAY_PASSWORD")),
    "fancourier": (FanCourier, ("FANCOURIER_CLIENT_ID", "FANCOURIER_USERNAME", "FANCOURIER_PASSWORD")),
    "cargus": (CargusCourier, ("CARGUS_SUBSCRIPTION_KEY", "CARGUS_USERNAME", "CARGUS_PASSWORD")),
    "dpd": (DpdCourier, ("DPD_USERNAME", "DPD_PASSWORD")),
}


def courier_enabled(code: str) -> bool:
    if code not in REGISTRY:
        return False
    _cls, required = REGISTRY[code]
    return all(getattr(settings, name, "") for name in required)


def courier_for(code: str) -> Courier:
    """The courier ``code`` (KeyError for an unknown code; an unconfigured one still answers, e.g. for tracking)."""
    cls, _required = REGISTRY[code]
    return cls()


def available_couriers() -> list[Courier]:
    return [courier_for(code) for code in REGISTRY if courier_enabled(code)]


def default_courier() -> Courier:
    code = getattr(settings, "SHIPPING_DEFAULT_COURIER", "local") or "local"
    return courier_for(code if courier_enabled(code) else "local")
