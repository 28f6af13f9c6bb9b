"""The vendor's monthly documents (/vendors/): statements (`wallet_statements`, `wallet_statement`)
and SNOBISTIC's commission invoices (PDF, e-Factura XML). Reads through wallet.access; a closed
month's statement is recorded on its first download (``statement_issue``), the month under way is
provisional and recorded nowhere."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from doors.errors import error_code, error_message, error_status
from marketplace.wallet.access import (
    commission_credit_note_for_user,
    commission_credit_notes_for_user,
    commission_invoice_for_user,
    commission_invoices_for_user,
    wallet_vendor,
)
from marketplace.wallet.pdf import commission_credit_note_pdf, commission_invoice_pdf, statement_pdf
from marketplace.wallet.periods import period_parse
from marketplace.wallet.statements import statement_data, statement_issue, statement_months, statement_period_check

from .wizard_views import VendorPageMixin


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def statement_download(*, vendor, period_text: str, language: str) -> HttpResponse:
    """The statement PDF of ``vendor`` for "YYYY-MM" (a closed month is recorded); raises ValidationError."""
    period = period_parse(period_text)
    if statement_period_check(period):
        statement_issue(vendor=vendor, period=period)
    data = statement_data(vendor=vendor, period=period)
    return pdf_response(statement_pdf(data, language=language), f"extras-{vendor.slug}-{period:%Y-%m}.pdf")


class WalletStatementsView(VendorPageMixin, TemplateView):
    """`wallet_statements`: every month's statement, every commission invoice and credit note, to download."""

    title = _("Statements and invoices")
    template_name = "wallet/statements.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = wallet_vendor(user=self.request.user)
        context.update(
            months=statement_months(vendor=vendor),
            invoices=commission_invoices_for_user(user=self.request.user).order_by("-period")[:24],
            credit_notes=commission_credit_notes_for_user(user=self.request.user).order_by("-period")[:24],
        )
        return context


class WalletStatementView(WalletStatementsView):
    """`wallet_statement(period)` (the seed's generate_wallet_statement_view): the month's PDF, on demand."""

    def get(self, request, *args, **kwargs):
        vendor = wallet_vendor(user=request.user)
        try:
            return statement_download(vendor=vendor, period_text=kwargs["period"], language=get_language() or "ro")
        except ValidationError as exc:
            context = self.get_context_data(**kwargs)
            context["error"] = error_message(exc)
            return TemplateResponse(request, self.template_name, context, status=error_status(error_code(exc)))


def efactura_xml_response(document) -> HttpResponse:
    """A commission invoice's or credit note's e-Factura XML as a download named after its number."""
    response = HttpResponse(document.efactura_xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{document.series}-{document.number:06d}.xml"'
    return response


class CommissionInvoiceDownloadView(VendorPageMixin, TemplateView):
    """`commission_invoice_download`: one of the vendor's commission invoices, as PDF or as its e-Factura XML."""

    document_for = staticmethod(commission_invoice_for_user)
    document_pdf = staticmethod(commission_invoice_pdf)

    def get(self, request, *args, **kwargs):
        document = self.document_for(user=request.user, pk=kwargs["pk"])
        if kwargs.get("format") == "xml":
            return efactura_xml_response(document) if document.efactura_xml else HttpResponse(status=404)
        return pdf_response(self.document_pdf(document, language=get_language() or "ro"), f"{document.series}-{document.number:06d}.pdf")


class CommissionCreditNoteDownloadView(CommissionInvoiceDownloadView):
    """`commission_credit_note_download`: one of the vendor's commission credit notes, as PDF or e-Factura XML."""

    document_for = staticmethod(commission_credit_note_for_user)
    document_pdf = staticmethod(commission_credit_note_pdf)
