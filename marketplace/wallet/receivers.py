"""Thin triggers: the order's domain event posts escrow; a shop's IBAN change is recorded."""

from django.dispatch import receiver

from marketplace.orders.events import order_event_recorded
from marketplace.vendors.signals import vendor_iban_changed

from .escrow import escrow_on_order_event
from .services import bank_details_change_record


@receiver(order_event_recorded, dispatch_uid="wallet.escrow")
def _order_event(sender, *, order, event, **kwargs) -> None:
    escrow_on_order_event(order=order, event=event)


@receiver(vendor_iban_changed, dispatch_uid="wallet.bank_details")
def _iban_changed(sender, *, vendor, actor, old_iban, new_iban, **kwargs) -> None:
    bank_details_change_record(vendor=vendor, actor=actor, old_iban=old_iban, new_iban=new_iban)
