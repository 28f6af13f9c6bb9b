"""The certificate as a PDF (reportlab): photos, the piece, the verdict, reviewer, date, serial and a QR code to verify it."""

import io
from functools import cache

import font_source_sans_pro
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import Certificate

FONT, FONT_BOLD = "SNB-Auth-Sans", "SNB-Auth-Sans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Source Sans Pro (as on invoices), so ă, â, î, ș and ț print."""
    pdfmetrics.registerFont(TTFont(FONT, font_source_sans_pro.font_files_ttf["SourceSansPro"]))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, font_source_sans_pro.font_files_ttf["SourceSansProBold"]))
    return FONT, FONT_BOLD


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    regular, bold = register_fonts()
    request = certificate.request
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{_('Certificate of authenticity')} {certificate.serial}")
    width, height = A4
    top = height - 20 * mm
    pdf.setFont(bold, 20)
    pdf.drawString(20 * mm, top, "SNOBISTIC")
    pdf.setFont(bold, 15)
    pdf.drawString(20 * mm, top - 10 * mm, _("Certificate of authenticity"))
    pdf.setFont(regular, 10)
    pdf.drawString(20 * mm, top - 17 * mm, _("Serial number: %(serial)s") % {"serial": certificate.serial})
    renderPDF.draw(_qr(verify_url, 32 * mm), pdf, width - 52 * mm, top - 25 * mm)
    rows = [
        (_("Brand"), request.brand.name),
        (_("Category"), str(request.get_category_display())),
        (_("Model"), request.model_name),
        (_("Verdict"), str(request.get_verdict_display())),
        (_("Reviewer"), request.reviewer_name or "—"),
        (_("Date"), date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")),
        (_("Request"), request.reference),
    ]
    y = top - 34 * mm
    for label, value in rows:
        pdf.setFont(bold, 10)
        pdf.drawString(20 * mm, y, f"{label}:")
        pdf.setFont(regular, 10)
        pdf.drawString(55 * mm, y, str(value)[:90])
        y -= 6 * mm
    if request.details:
        pdf.setFont(regular, 9)
        for line in [request.details[i : i + 110] for i in range(0, min(len(request.details), 440), 110)]:
            pdf.drawString(20 * mm, y, line)
            y -= 5 * mm
    # Photos: a grid of up to 6 thumbnails.
    x, size = 20 * mm, 42 * mm
    y -= size
    for index, photo in enumerate(list(request.photos.all())[:6]):
        try:
            with photo.image.open("rb") as handle:
                reader = ImageReader(io.BytesIO(handle.read()))
            pdf.drawImage(reader, x, y, width=size, height=size, preserveAspectRatio=True, anchor="c")
        except (OSError, ValueError):
            pass
        x += size + 4 * mm
        if index == 3:
            x, y = 20 * mm, y - size - 4 * mm
    pdf.setFont(regular, 8)
    pdf.drawString(20 * mm, 24 * mm, _("Check this certificate at %(url)s") % {"url": verify_url})
    pdf.drawString(20 * mm, 19 * mm, _("Signed (Ed25519, key %(key)s):") % {"key": certificate.key_id})
    pdf.drawString(20 * mm, 15 * mm, certificate.signature)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
