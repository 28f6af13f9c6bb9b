"""The offline providers: no external service, money moves by courier or by bank."""

from decimal import Decimal

from ..models import PaymentMethod
from .base import PaymentProvider, RefundResult


class CashOnDeliveryProvider(PaymentProvider):
    """Ramburs: the courier collects the money on delivery; the order is confirmed at once."""

    method = PaymentMethod.COD

    def refund(self, *, payment, amount: Decimal) -> RefundResult:
        # Collected cash comes back to the buyer by bank transfer, sent by staff.
        return RefundResult(reference="", completed=False)


class BankTransferProvider(PaymentProvider):
    """The buyer transfers the total with the order number as reference; staff mark it paid."""

    method = PaymentMethod.BANK_TRANSFER

    def refund(self, *, payment, amount: Decimal) -> RefundResult:
        return RefundResult(reference="", completed=False)
