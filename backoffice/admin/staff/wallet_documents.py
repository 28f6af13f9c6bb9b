"""Staff site, vendors' monthly documents: wallet statements, commission invoices and credit notes (PDF, e-Factura XML).

Read-only lists for staff who keep the ledger; downloading renders the PDF from the ledger; staff
who manage payouts may upload an invoice to ANAF again or ask ANAF for its status (services in
marketplace.wallet.efactura). A vendor's page links here (``vendors.VendorProfileAdmin``), and
``vendor/<id>/statement/<YYYY-MM>/`` gives any month's statement of any vendor on demand.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from backoffice.admin_mixins import ReadOnlyAdminMixin
from backoffice.wallet_documents import efactura_xml_response, pdf_response, statement_download
from marketplace.vendors.models import VendorProfile
from marketplace.wallet.credit_notes import credit_note_poll, credit_note_submit
from marketplace.wallet.efactura import efactura_poll, efactura_submit
from marketplace.wallet.models import CommissionCreditNote, CommissionInvoice, VendorStatement
from marketplace.wallet.pdf import commission_credit_note_pdf, commission_invoice_pdf

staff_site = admin.site
VIEW = "wallet.can_view_ledger"
MANAGE = "wallet.can_manage_payouts"


class LedgerViewMixin(ReadOnlyAdminMixin):
    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(VIEW) or request.user.has_perm(MANAGE)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_manage_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE)


@admin.register(VendorStatement, site=staff_site)
class VendorStatementAdmin(LedgerViewMixin, ModelAdmin):
    list_display = ["vendor", "period", "opening_balance", "closing_balance", "commission", "payouts", "movements", "emailed_at"]
    list_filter = ["period"]
    search_fields = ["vendor__shop_name", "vendor__legal_name"]
    list_select_related = ["vendor"]
    readonly_fields = list_display + ["sales", "refunds", "created_at"]
    actions_detail = ["download_detail"]

    def get_urls(self):
        return [
            path(
                "vendor/<int:vendor_id>/statement/<str:period>/", self.admin_site.admin_view(self.on_demand),
                name="wallet_vendorstatement_on_demand",
            ),
            *super().get_urls(),
        ]

    def on_demand(self, request, vendor_id: int, period: str):
        """Any vendor's statement for any month up to now (a closed month is recorded)."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        vendor = get_object_or_404(VendorProfile, pk=vendor_id)
        try:
            return statement_download(vendor=vendor, period_text=period, language=get_language() or "ro")
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect(reverse("admin:vendors_vendorprofile_change", args=[vendor_id]))

    @action(description=_("Download PDF"), icon="download")
    def download_detail(self, request, object_id):
        statement = self.get_object(request, object_id)
        return redirect(reverse("admin:wallet_vendorstatement_on_demand", args=[statement.vendor_id, f"{statement.period:%Y-%m}"]))


@admin.register(CommissionInvoice, site=staff_site)
class CommissionInvoiceAdmin(LedgerViewMixin, ModelAdmin):
    list_display = ["__str__", "vendor", "period", "net_total", "vat_total", "total", "efactura_badge", "issued_at"]
    list_filter = ["efactura_status", "period"]
    search_fields = ["vendor__shop_name", "vendor__legal_name", "number"]
    list_select_related = ["vendor"]
    exclude = ["efactura_xml"]
    readonly_fields = [
        "vendor", "period", "series", "number", "issued_at", "due_date", "seller", "buyer", "vat_rate", "net_total",
        "vat_total", "total", "sales_count", "efactura_status", "efactura_upload_id", "efactura_download_id",
        "efactura_message", "efactura_log",
    ]
    actions_detail = ["pdf_detail", "xml_detail", "upload_detail", "status_detail"]

    @display(description=_("e-Factura"), label={
        "accepted": "success", "uploaded": "info", "not_sent": "warning", "failed": "warning", "invalid": "danger", "rejected": "danger",
    })
    def efactura_badge(self, obj: CommissionInvoice):
        return obj.efactura_status, obj.get_efactura_status_display() or "—"

    # What differs between the invoices and the credit notes (CommissionCreditNoteAdmin sets its own).
    document_pdf = staticmethod(commission_invoice_pdf)
    document_upload = staticmethod(lambda document: efactura_submit(invoice=document))
    document_status = staticmethod(lambda document: efactura_poll(invoice=document))
    no_xml_message = _("This invoice has no e-Factura XML: %(why)s")

    def _back(self, object_id):
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[object_id]))

    @action(description=_("Download PDF"), icon="download")
    def pdf_detail(self, request, object_id):
        document = self.get_object(request, object_id)
        pdf = self.document_pdf(document, language=get_language() or "ro")
        return pdf_response(pdf, f"{document.series}-{document.number:06d}.pdf")

    @action(description=_("Download e-Factura XML"), icon="code")
    def xml_detail(self, request, object_id):
        document = self.get_object(request, object_id)
        if not document.efactura_xml:
            self.message_user(request, self.no_xml_message % {"why": document.efactura_message or "—"}, messages.ERROR)
            return self._back(object_id)
        return efactura_xml_response(document)

    @action(description=_("Upload to ANAF again"), permissions=["manage"], icon="upload")
    def upload_detail(self, request, object_id):
        document = self.document_upload(self.get_object(request, object_id))
        level = messages.SUCCESS if document.efactura_status == CommissionInvoice.EFacturaStatus.UPLOADED else messages.WARNING
        self.message_user(request, f"{document.get_efactura_status_display()} {document.efactura_message}".strip(), level)
        return self._back(object_id)

    @action(description=_("Ask ANAF for its status"), permissions=["manage"], icon="sync")
    def status_detail(self, request, object_id):
        document = self.document_status(self.get_object(request, object_id))
        self.message_user(request, f"{document.get_efactura_status_display()} {document.efactura_message}".strip(), messages.INFO)
        return self._back(object_id)


@admin.register(CommissionCreditNote, site=staff_site)
class CommissionCreditNoteAdmin(CommissionInvoiceAdmin):
    """Credit notes ("facturi de stornare") beside the invoices they credit; the same downloads and ANAF actions."""

    list_display = ["__str__", "vendor", "period", "invoices_credited", "net_total", "vat_total", "total", "efactura_badge", "issued_at"]
    search_fields = ["vendor__shop_name", "vendor__legal_name", "number"]
    readonly_fields = [
        "vendor", "period", "series", "number", "issued_at", "seller", "buyer", "lines", "net_total", "vat_total", "total",
        "efactura_status", "efactura_upload_id", "efactura_download_id", "efactura_message", "efactura_log",
    ]
    exclude = ["efactura_xml", "invoices"]

    @display(description=_("invoices credited"))
    def invoices_credited(self, obj: CommissionCreditNote) -> str:
        return ", ".join(line["number"] for line in obj.lines)  # kept on the row: no query per line

    document_pdf = staticmethod(commission_credit_note_pdf)
    document_upload = staticmethod(lambda document: credit_note_submit(note=document))
    document_status = staticmethod(lambda document: credit_note_poll(note=document))
    no_xml_message = _("This credit note has no e-Factura XML: %(why)s")
