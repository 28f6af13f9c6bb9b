"""Shared steps of the shipping tests: a placed order, couriers that fail on purpose."""

from marketplace.orders.models import Order
from marketplace.shipping import couriers as registry
from marketplace.shipping.couriers import AwbResult, CourierRefused, CourierUnavailable, LocalCourier
from tests.factories import approved_vendor, buyable, customer
from tests.orders.helpers import place_order


def cod_order(vendors=None, **details) -> Order:
    """A confirmed cash-on-delivery order: one piece from each vendor (one new vendor by default)."""
    vendors = vendors or [approved_vendor()]
    products = [buyable(v, title=f"Geantă {i}") for i, v in enumerate(vendors)]
    return place_order(customer(), products, **details)


class FlakyCourier(LocalCourier):
    """Unreachable for the first ``failures`` calls, then the offline courier."""

    code = "flaky"
    label = "Flaky"
    failures = 2
    calls = 0
    retry_after = None

    def create_awb(self, request) -> AwbResult:
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise CourierUnavailable("timeout", retry_after=type(self).retry_after)
        return super().create_awb(request)


class RefusingCourier(LocalCourier):
    code = "refusing"
    label = "Refusing"

    def create_awb(self, request) -> AwbResult:
        raise CourierRefused("Adresa destinatarului nu a fost găsită (județ necunoscut).")


def install(monkeypatch, cls) -> None:
    cls.calls = 0
    monkeypatch.setitem(registry.REGISTRY, cls.code, (cls, ()))
