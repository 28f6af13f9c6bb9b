"""The PDF of an invoice (reportlab), with what a Romanian invoice states.

Seller and buyer (name, CUI/VAT number, address), series and number, date of issue, lines with
quantity, unit price, VAT rate and value, totals without VAT, VAT and to pay. The font is
Source Sans Pro from the ``font-source-sans-pro`` package (pinned in requirements.txt), so ă, â,
î, ș and ț print on any machine that ran ``pip install -r requirements.txt``.
"""

import io
from decimal import Decimal
from functools import cache

import font_source_sans_pro
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.common.money import format_money
from marketplace.common.pdf import guard_renderer, paragraph

from ..models import Invoice

FONT, FONT_BOLD = "SNB-Sans", "SNB-Sans-Bold"


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, font_source_sans_pro.font_files_ttf["SourceSansPro"]))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, font_source_sans_pro.font_files_ttf["SourceSansProBold"]))


def _lines(invoice: Invoice) -> list[tuple[str, int, Decimal, Decimal]]:
    """(description, quantity, unit price, value) with VAT included, shipping as its own line."""
    shipment = invoice.shipment
    rows = [(f"{item.title}" + (f" ({item.sku})" if item.sku else ""), item.quantity, item.unit_price, item.line_total) for item in shipment.items.all()]
    if shipment.shipping_price > 0:
        rows.append((_("Delivery: %(method)s") % {"method": shipment.get_delivery_method_display()}, 1, shipment.shipping_price, shipment.shipping_price))
    return rows


def invoice_pdf(invoice: Invoice) -> bytes:
    guard_renderer()
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22)
    seller, buyer, rate = invoice.seller, invoice.buyer, invoice.vat_rate
    order = invoice.shipment.order

    with override("ro"):
        def party(label: str, data: dict) -> list:
            # Every value is the buyer's or the vendor's own text: printed literally, never as markup.
            rows = [paragraph(label, bold), paragraph("%(name)s", bold, name=data.get("name") or "—")]
            if data.get("vat_number"):
                rows.append(paragraph(_("VAT number (CUI): %(vat)s"), body, vat=data["vat_number"]))
            if data.get("registration_number"):
                rows.append(paragraph(_("Trade register: %(number)s"), body, number=data["registration_number"]))
            address = ", ".join(p for p in (data.get("address"), data.get("city"), data.get("county")) if p)
            if address:
                rows.append(paragraph("%(address)s", body, address=address))
            if data.get("iban"):
                rows.append(paragraph(_("IBAN: %(iban)s"), body, iban=data["iban"]))
            if data.get("email"):
                rows.append(paragraph("%(email)s", body, email=data["email"]))
            return rows

        issued = timezone.localtime(invoice.issued_at)
        story = [
            paragraph(_("INVOICE"), title),
            paragraph(_("Series %(series)s no. %(number)s · date %(date)s"), body,
                      series=invoice.series, number=f"{invoice.number:06d}", date=issued.strftime("%d.%m.%Y")),
            paragraph(_("Order %(number)s"), body, number=order.number),
            Spacer(1, 6 * mm),
        ]
        parties = Table([[party(_("Seller"), seller), party(_("Buyer"), buyer)]], colWidths=[90 * mm, 90 * mm])
        parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [parties, Spacer(1, 8 * mm)]

        head = [_("No."), _("Description"), _("Qty"), _("Unit price (lei)"), _("Value (lei)")]
        rows = [[paragraph(h, bold) for h in head]]
        for index, (text, qty, unit, value) in enumerate(_lines(invoice), start=1):
            rows.append([str(index), paragraph("%(text)s", body, text=text), str(qty), format_money(unit, unit=False), format_money(value, unit=False)])
        table = Table(rows, colWidths=[12 * mm, 88 * mm, 14 * mm, 33 * mm, 33 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story += [table, Spacer(1, 6 * mm)]

        if rate > 0:
            vat_note = paragraph(_("Prices include VAT of %(rate)s%%."), body, rate=f"{rate:g}")
        else:
            vat_note = paragraph(_("The seller is not registered for VAT; no VAT is charged."), body)
        totals = Table([
            [_("Total without VAT"), format_money(invoice.net_total)],
            [_("VAT (%(rate)s%%)") % {"rate": f"{rate:g}"}, format_money(invoice.vat_total)],
            [_("Total to pay"), format_money(invoice.total)],
        ], colWidths=[140 * mm, 40 * mm])
        totals.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTNAME", (0, 2), (-1, 2), FONT_BOLD),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"), ("LINEABOVE", (0, 2), (-1, 2), 0.8, colors.black),
        ]))
        story += [totals, Spacer(1, 6 * mm), vat_note]
        story.append(paragraph(
            _("Payment: %(method)s. Issued through SNOBISTIC on behalf of the seller."), body,
            method=order.get_payment_method_display(),
        ))
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
            title=f"{invoice.series} {invoice.number:06d}", author=seller.get("name", ""),
        )
        doc.build(story)
    return buffer.getvalue()
