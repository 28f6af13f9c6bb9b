"""The PDF of an invoice (reportlab), with what a Romanian invoice states.

Seller and buyer (name, CUI/VAT number, address), series and number, date of issue, lines with
quantity, unit price, VAT rate and value, totals without VAT, VAT and to pay. The font is
Source Sans Pro from the ``font-source-sans-pro`` package (pinned in requirements.txt), so ă, â,
î, ș and ț print on any machine that ran ``pip install -r requirements.txt``.
"""

import io
from decimal import Decimal
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.common.money import money

from .models import Invoice

FONT, FONT_BOLD = "SNB-Sans", "SNB-Sans-Bold"


@cache
def _register_fonts() -> None:
    import font_source_sans_pro
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

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
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22)
    seller, buyer, rate = invoice.seller, invoice.buyer, invoice.vat_rate
    order = invoice.shipment.order

    with override("ro"):
        def party(label: str, data: dict) -> list:
            rows = [Paragraph(label, bold), Paragraph(data.get("name") or "—", bold)]
            if data.get("vat_number"):
                rows.append(Paragraph(_("VAT number (CUI): %(vat)s") % {"vat": data["vat_number"]}, body))
            if data.get("registration_number"):
                rows.append(Paragraph(_("Trade register: %(number)s") % {"number": data["registration_number"]}, body))
            address = ", ".join(p for p in (data.get("address"), data.get("city"), data.get("county")) if p)
            if address:
                rows.append(Paragraph(address, body))
            if data.get("iban"):
                rows.append(Paragraph(_("IBAN: %(iban)s") % {"iban": data["iban"]}, body))
            if data.get("email"):
                rows.append(Paragraph(data["email"], body))
            return rows

        issued = timezone.localtime(invoice.issued_at)
        story = [
            Paragraph(_("INVOICE"), title),
            Paragraph(_("Series %(series)s no. %(number)s · date %(date)s") % {
                "series": invoice.series, "number": f"{invoice.number:06d}", "date": issued.strftime("%d.%m.%Y")}, body),
            Paragraph(_("Order %(number)s") % {"number": order.number}, body),
            Spacer(1, 6 * mm),
        ]
        parties = Table([[party(_("Seller"), seller), party(_("Buyer"), buyer)]], colWidths=[90 * mm, 90 * mm])
        parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [parties, Spacer(1, 8 * mm)]

        head = [_("No."), _("Description"), _("Qty"), _("Unit price (lei)"), _("Value (lei)")]
        rows = [[Paragraph(h, bold) for h in head]]
        for index, (text, qty, unit, value) in enumerate(_lines(invoice), start=1):
            rows.append([str(index), Paragraph(text, body), str(qty), f"{unit:.2f}", f"{value:.2f}"])
        table = Table(rows, colWidths=[12 * mm, 88 * mm, 14 * mm, 33 * mm, 33 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story += [table, Spacer(1, 6 * mm)]

        if rate > 0:
            vat_note = _("Prices include VAT of %(rate)s%%.") % {"rate": f"{rate:g}"}
        else:
            vat_note = _("The seller is not registered for VAT; no VAT is charged.")
        totals = Table([
            [_("Total without VAT"), f"{invoice.net_total:.2f} lei"],
            [_("VAT (%(rate)s%%)") % {"rate": f"{rate:g}"}, f"{invoice.vat_total:.2f} lei"],
            [_("Total to pay"), f"{money(invoice.total):.2f} lei"],
        ], colWidths=[140 * mm, 40 * mm])
        totals.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTNAME", (0, 2), (-1, 2), FONT_BOLD),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"), ("LINEABOVE", (0, 2), (-1, 2), 0.8, colors.black),
        ]))
        story += [totals, Spacer(1, 6 * mm), Paragraph(vat_note, body)]
        story.append(Paragraph(
            _("Payment: %(method)s. Issued through SNOBISTIC on behalf of the seller.") % {"method": order.get_payment_method_display()},
            body,
        ))
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
            title=f"{invoice.series} {invoice.number:06d}", author=seller.get("name", ""),
        )
        doc.build(story)
    return buffer.getvalue()
