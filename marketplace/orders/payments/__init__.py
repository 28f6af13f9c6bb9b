"""One interface for every way a buyer pays: Stripe (card), cash on delivery, bank transfer.

A provider starts a payment (returns where to send the buyer, if anywhere) and gives money back.
Which provider is used for an order is its ``payment_method``; ``provider_for`` is the registry.
Webhooks are parsed by the provider that owns them and handled by
``payments.services.payment_event_handle`` (the payment side of the order services; refunds
are in ``payments.refunds``).
"""

from django.conf import settings

from ..models import PaymentMethod
from .base import PaymentError, PaymentProvider, PaymentStart, ProviderEvent, RefundResult
from .offline import BankTransferProvider, CashOnDeliveryProvider
from .stripe_card import StripeCardProvider

__all__ = [
    "PaymentError",
    "PaymentProvider",
    "PaymentStart",
    "ProviderEvent",
    "RefundResult",
    "available_methods",
    "provider_for",
    "stripe_enabled",
]


def stripe_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def available_methods() -> list[str]:
    """Offline methods always; card only when Stripe's keys are configured."""
    methods = [PaymentMethod.COD.value, PaymentMethod.BANK_TRANSFER.value]
    return ([PaymentMethod.CARD.value] if stripe_enabled() else []) + methods


def provider_for(method: str) -> PaymentProvider:
    providers = {
        PaymentMethod.CARD: StripeCardProvider,
        PaymentMethod.COD: CashOnDeliveryProvider,
        PaymentMethod.BANK_TRANSFER: BankTransferProvider,
    }
    return providers[PaymentMethod(method)]()
