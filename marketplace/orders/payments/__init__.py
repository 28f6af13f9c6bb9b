"""One interface for every way a buyer pays: Stripe (card), cash on delivery, bank transfer.

A provider starts a payment (returns where to send the buyer, if anywhere) and gives money back.
Which provider is used for an order is its ``payment_method``; ``provider_for`` is the registry.
Webhooks are parsed by the provider that owns them and handled by
``payments.services.payment_event_handle`` (the payment side of the order services; refunds
are in ``payments.refunds``).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from ..models import PaymentMethod


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


def stripe_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def available_methods() -> list[str]:
    """Offline methods always; card only when Stripe's keys are configured."""
    methods = [PaymentMethod.COD.value, PaymentMethod.BANK_TRANSFER.value]
    return ([PaymentMethod.CARD.value] if stripe_enabled() else []) + methods


def provider_for(method: str) -> PaymentProvider:
    from .offline import BankTransferProvider, CashOnDeliveryProvider
    from .stripe_card import StripeCardProvider

    providers = {
        PaymentMethod.CARD: StripeCardProvider,
        PaymentMethod.COD: CashOnDeliveryProvider,
        PaymentMethod.BANK_TRANSFER: BankTransferProvider,
    }
    return providers[PaymentMethod(method)]()
