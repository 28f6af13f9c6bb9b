"""A vendor reaches only their own wallet: every door asks here (vendors.access underneath)."""

from django.db.models import QuerySet

from marketplace.common.errors import NotFound
from marketplace.vendors.access import approved_vendor_for_user, vendor_scope

from .models import CommissionCreditNote, CommissionInvoice, Entry, PayoutRequest, VendorStatement


def wallet_vendor(*, user):
    """The shop whose wallet ``user`` may see; NotFound for anybody who is not an approved vendor."""
    vendor = approved_vendor_for_user(user)
    if vendor is None:
        raise NotFound()
    return vendor


def entries_for_user(*, user) -> QuerySet[Entry]:
    return vendor_scope(Entry.objects.all(), user=user, lookup="account__vendor")


def payouts_for_user(*, user) -> QuerySet[PayoutRequest]:
    return vendor_scope(PayoutRequest.objects.all(), user=user)


def commission_invoices_for_user(*, user) -> QuerySet[CommissionInvoice]:
    return vendor_scope(CommissionInvoice.objects.all(), user=user)


def statements_for_user(*, user) -> QuerySet[VendorStatement]:
    return vendor_scope(VendorStatement.objects.all(), user=user)


def commission_invoice_for_user(*, user, pk) -> CommissionInvoice:
    """The user's own commission invoice; NotFound for anybody else's (or none)."""
    invoice = commission_invoices_for_user(user=user).select_related("vendor").filter(pk=pk).first()
    if invoice is None:
        raise NotFound()
    return invoice


def commission_credit_notes_for_user(*, user) -> QuerySet[CommissionCreditNote]:
    return vendor_scope(CommissionCreditNote.objects.all(), user=user)


def commission_credit_note_for_user(*, user, pk) -> CommissionCreditNote:
    """The user's own commission credit note; NotFound for anybody else's (or none)."""
    note = commission_credit_notes_for_user(user=user).select_related("vendor").filter(pk=pk).first()
    if note is None:
        raise NotFound()
    return note
