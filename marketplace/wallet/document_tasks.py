"""django-q2 jobs of the monthly documents: statements, commission invoices, e-Factura. Safe to run twice.

``wallet_monthly_documents_task`` runs on the 1st (``config/schedules.py``) and queues one job per
vendor whose wallet existed in the month that ended; each records the statement, issues the
commission invoice, writes and uploads its e-Factura XML and e-mails the vendor once.
``efactura_status_task`` asks ANAF about uploaded invoices and credit notes and retries uploads that failed.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.common.jobs import enqueue_after_commit
from marketplace.notifications.services import notify
from marketplace.vendors.models import VendorProfile

from . import efactura
from .anaf import OfflineEFacturaProvider
from .credit_notes import credit_note_poll, credit_note_submit
from .efactura import efactura_poll, efactura_submit
from .invoicing import commission_credit_note_issue, commission_invoice_issue
from .models import CommissionCreditNote, CommissionInvoice
from .periods import last_closed_period, period_label, period_parse
from .statements import statement_issue, statement_mark_emailed, vendors_with_ledger

logger = logging.getLogger(__name__)
Status = CommissionInvoice.EFacturaStatus


def wallet_monthly_documents_task(period: str = "") -> int:
    """The 1st of the month: queue the documents of last month (or of ``period``, "YYYY-MM") per vendor."""
    month = period_parse(period) if period else last_closed_period()
    count = 0
    for vendor_id in vendors_with_ledger(month).values_list("pk", flat=True):
        enqueue_after_commit("marketplace.wallet.document_tasks.wallet_vendor_documents_task", vendor_id, f"{month:%Y-%m}")
        count += 1
    return count


def wallet_vendor_documents_task(vendor_id: int, period: str) -> str:
    """One vendor's month: statement, commission invoice and credit note (+ e-Factura), one e-mail. Returns what happened."""
    month = period_parse(period)
    vendor = VendorProfile.objects.select_related("user").filter(pk=vendor_id).first()
    if vendor is None:
        return "no vendor"
    statement = statement_issue(vendor=vendor, period=month)
    try:
        invoice = commission_invoice_issue(vendor=vendor, period=month)
    except ValidationError as exc:
        # The platform's identity is not filled in: the statement still goes; staff see the log line.
        logger.error("commission invoice for vendor %s, %s not issued: %s", vendor_id, period, " ".join(exc.messages))
        invoice = None
    if invoice is not None and not invoice.efactura_status:
        invoice = efactura_submit(invoice=invoice)
    try:
        # after the invoice: both read the same split of the month, so nothing is invoiced and credited twice
        credit_note = commission_credit_note_issue(vendor=vendor, period=month)
    except ValidationError as exc:
        logger.error("commission credit note for vendor %s, %s not issued: %s", vendor_id, period, " ".join(exc.messages))
        credit_note = None
    if credit_note is not None and not credit_note.efactura_status:
        credit_note = credit_note_submit(note=credit_note)
    if statement_mark_emailed(statement=statement):
        notify(vendor.user, "wallet_monthly_documents", {
            "vendor": vendor, "statement": statement, "invoice": invoice, "credit_note": credit_note, "period_label": period_label(month),
            "url": settings.SITE_URL.rstrip("/") + reverse("wallet_history"),
        }, url=reverse("wallet_history"))
        return "sent"
    return "already sent"


def efactura_status_task() -> int:
    """Ask ANAF about invoices it is processing; upload again those whose upload failed, and, once ANAF
    credentials are configured, those kept offline as not sent. Returns how many were asked."""
    asked = 0
    for invoice in CommissionInvoice.objects.filter(efactura_status=Status.UPLOADED).order_by("pk")[:200]:
        efactura_poll(invoice=invoice)
        asked += 1
    waiting = [Status.FAILED]
    if not isinstance(efactura.efactura_provider(), OfflineEFacturaProvider):
        waiting.append(Status.NOT_SENT)
    for invoice in CommissionInvoice.objects.filter(efactura_status__in=waiting).order_by("pk")[:50]:
        efactura_submit(invoice=invoice)
        asked += 1
    for note in CommissionCreditNote.objects.filter(efactura_status=Status.UPLOADED).order_by("pk")[:200]:
        credit_note_poll(note=note)
        asked += 1
    for note in CommissionCreditNote.objects.filter(efactura_status__in=waiting).order_by("pk")[:50]:
        credit_note_submit(note=note)
        asked += 1
    return asked
