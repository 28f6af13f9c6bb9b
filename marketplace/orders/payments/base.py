"""The types every payment provider shares: what it returns, what it raises, its interface."""

from dataclasses import dataclass
from decimal import Decimal


class PaymentError(Exception):
    """The provider refused or could not be reached; the message is safe to show."""


@dataclass(frozen=True)
class PaymentStart:
    reference: str = ""
    redirect_url: str = ""


@dataclass(frozen=True)
class RefundResult:
    reference: str
    completed: bool  # False: staff still have to send the money (bank transfer)


@dataclass(frozen=True)
class ProviderEvent:
    """A provider's notification, reduced to what the order services need."""

    event_id: str
    type: str  # "succeeded", "failed" or "ignored"
    payment_id: int | None
    reference: str
    amount: Decimal | None
    raw_type: str


class PaymentProvider:
    method: str = ""

    def start(self, *, order, payment, success_url: str, cancel_url: str) -> PaymentStart:
        return PaymentStart()

    def refund(self, *, payment, amount: Decimal) -> RefundResult:
        raise NotImplementedError
