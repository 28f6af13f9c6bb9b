"""Invoices of the orders context: numbering in each vendor's series (``numbering``) and the PDF (``pdf``)."""

from .numbering import invoice_issue, invoice_series, vendor_charges_vat
from .pdf import invoice_pdf

__all__ = ["invoice_issue", "invoice_pdf", "invoice_series", "vendor_charges_vat"]
