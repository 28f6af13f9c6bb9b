"""The wallet's PDFs (reportlab): the monthly statement and the commission invoice, in Romanian.

Same font as the order invoices (Source Sans Pro from ``font-source-sans-pro``: ă, â, î, ș, ț print
everywhere); every value that comes from a person (shop name, memo, address) goes through
``paragraph``/plain table cells, never as reportlab markup. The statement's movements are laid out
by ``MovementRows``, a flowable that draws its rows straight on the canvas and splits at a page's
end: a busy shop has thousands of movements a month, and a platypus ``Table`` spent most of the
2,000-movement statement's time on per-cell styling.
"""

import io
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
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.common.money import format_money
from marketplace.common.pdf import guard_renderer, paragraph

from .models import AccountKind, CommissionInvoice, LedgerTransaction
from .periods import period_label
from .statements import StatementData

FONT, FONT_BOLD = "SNB-Wallet-Sans", "SNB-Wallet-Sans-Bold"
ROW_HEIGHT = 11.5
MEMO_CHARS = 120


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, font_source_sans_pro.font_files_ttf["SourceSansPro"]))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, font_source_sans_pro.font_files_ttf["SourceSansProBold"]))


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21),
    }


def _build(story: list, *, title: str, author: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=title, author=author,
    )
    doc.build(story)
    return buffer.getvalue()


def _grid(rows: list, widths: list, *, head: bool = True, right_from: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if head else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
    ]
    if head:
        style += [("FONTNAME", (0, 0), (-1, 0), FONT_BOLD), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def _fit(text: str, width: float, font: str = FONT, size: float = 8.5) -> str:
    """``text`` cut (with "…") to print within ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class MovementRows(Flowable):
    """The statement's movements: a bold head, then one line per movement, the last two columns
    right-aligned; split between pages by rows, the head repeated on each."""

    def __init__(self, head: list[str], rows: list[tuple], widths: list[float]):
        super().__init__()
        self.head, self.rows, self.widths = head, rows, widths

    def wrap(self, available_width, available_height):
        self.width = sum(self.widths)
        self.height = ROW_HEIGHT * (len(self.rows) + 1) + 2
        return self.width, self.height

    def split(self, available_width, available_height):
        fits = int((available_height - 2) // ROW_HEIGHT) - 1
        if fits < 1:
            return []
        if fits >= len(self.rows):
            return [self]
        return [MovementRows(self.head, self.rows[:fits], self.widths), MovementRows(self.head, self.rows[fits:], self.widths)]

    def draw(self):
        canvas = self.canv
        lefts, x = [], 0.0
        for width in self.widths:
            lefts.append(x)
            x += width
        top = self.height - ROW_HEIGHT + 3
        # One text object for the whole piece (a text object per cell cost most of the drawing) and
        # one path for the rules under the rows; right-aligned cells are placed by their width.
        text = canvas.beginText()

        def line(cells, font, y):
            text.setFont(font, 8.5)
            for index, cell in enumerate(cells):
                if index >= 4:
                    text.setTextOrigin(lefts[index] + self.widths[index] - 3 - pdfmetrics.stringWidth(cell, font, 8.5), y)
                else:
                    text.setTextOrigin(lefts[index] + 3, y)
                text.textOut(cell)

        line(self.head, FONT_BOLD, top)
        rules = canvas.beginPath()
        y = top
        for cells in self.rows:
            y -= ROW_HEIGHT
            line(cells, FONT, y)
            rules.moveTo(0, y - 3)
            rules.lineTo(self.width, y - 3)
        canvas.drawText(text)
        canvas.setLineWidth(0.8)
        canvas.line(0, top - 3, self.width, top - 3)
        canvas.setLineWidth(0.25)
        canvas.setStrokeColor(colors.lightgrey)
        canvas.drawPath(rules, stroke=1, fill=0)


def statement_pdf(data: StatementData, *, language: str = "ro") -> bytes:
    """The statement of ``data`` as a PDF (Romanian by default)."""
    guard_renderer()
    _register_fonts()
    styles = _styles()
    vendor = data.vendor
    with override(language):
        kinds = dict(LedgerTransaction.Kind.choices)
        accounts = dict(AccountKind.choices)
        until = timezone.localtime(data.until)
        story = [
            paragraph(_("WALLET STATEMENT"), styles["title"]),
            paragraph("%(shop)s · %(period)s", styles["bold"], shop=vendor.shop_name, period=period_label(data.period)),
            paragraph(_("%(name)s · VAT number (CUI): %(vat)s"), styles["body"], name=vendor.legal_name, vat=vendor.vat_number or "—"),
        ]
        if data.provisional:
            story.append(paragraph(
                _("Provisional: the month is not over; movements up to %(moment)s."), styles["bold"],
                moment=until.strftime("%d.%m.%Y %H:%M"),
            ))
        story.append(Spacer(1, 5 * mm))
        balances = [[_("Balance"), _("Opening"), _("Closing")]]
        for label, name in ((_("Pending (in escrow)"), "pending"), (_("Available"), "available"), (_("Reserved for payout"), "reserved")):
            balances.append([label, format_money(getattr(data.opening, name)), format_money(getattr(data.closing, name))])
        balances.append([_("Total"), format_money(data.opening.total), format_money(data.closing.total)])
        summary = _grid(balances, [80 * mm, 45 * mm, 45 * mm])
        summary.setStyle(TableStyle([("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)]))
        totals = _grid([
            [_("In this month"), ""],
            [_("Sales (pieces and shipping paid by buyers)"), format_money(data.sales)],
            [_("Commission kept by SNOBISTIC (VAT included)"), format_money(data.commission)],
            [_("Refunds to buyers"), format_money(data.refunds)],
            [_("Payouts sent to your bank"), format_money(data.payouts)],
        ], [125 * mm, 45 * mm])
        story += [summary, Spacer(1, 4 * mm), totals, Spacer(1, 6 * mm)]
        story.append(paragraph(_("Movements (%(count)s)"), styles["bold"], count=len(data.movements)))
        head = [_("Date"), _("Movement"), _("Description"), _("Balance"), _("Amount"), _("Balance after")]
        widths = [23 * mm, 35 * mm, 55 * mm, 30 * mm, 18 * mm, 19 * mm]
        if not data.movements:
            story.append(paragraph(_("No movements in this month."), styles["body"]))
        labels = {key: _fit(str(label), widths[1] - 6) for key, label in kinds.items()}
        labels.update({key: _fit(str(label), widths[3] - 6) for key, label in accounts.items()})
        head = [_fit(text, width - 6, FONT_BOLD) for text, width in zip(head, widths, strict=True)]
        rows = []
        for move in data.movements:
            rows.append((
                timezone.localtime(move.at).strftime("%d.%m.%Y %H:%M"), labels[move.kind],
                _fit(move.memo[:MEMO_CHARS], widths[2] - 6), labels[move.account],
                format_money(move.amount, unit=False), format_money(move.balance_after, unit=False),
            ))
        if rows:
            story.append(MovementRows(head, rows, widths))
        story += [Spacer(1, 5 * mm), paragraph(
            _("Amounts in lei. Issued by SNOBISTIC on %(date)s from the wallet ledger."), styles["small"],
            date=timezone.localtime().strftime("%d.%m.%Y"),
        )]
        return _build(story, title=f"{vendor.shop_name} {data.period:%Y-%m}", author="SNOBISTIC")


def _parties(seller: dict, buyer: dict, styles, *, iban: bool) -> Table:
    """Seller and buyer side by side, as a commission invoice or credit note names them (in the active language)."""
    body, bold = styles["body"], styles["bold"]

    def party(label: str, data: dict) -> list:
        rows = [paragraph(label, bold), paragraph("%(name)s", bold, name=data.get("name") or "—")]
        if data.get("vat_number"):
            rows.append(paragraph(_("VAT number (CUI): %(vat)s"), body, vat=data["vat_number"]))
        if data.get("registration_number"):
            rows.append(paragraph(_("Trade register: %(number)s"), body, number=data["registration_number"]))
        address = ", ".join(p for p in (data.get("street"), data.get("city"), data.get("county")) if p)
        if address:
            rows.append(paragraph("%(address)s", body, address=address))
        if iban and data.get("iban"):
            rows.append(paragraph(_("IBAN: %(iban)s"), body, iban=data["iban"]))
        return rows

    parties = Table([[party(_("Seller"), seller), party(_("Buyer"), buyer)]], colWidths=[90 * mm, 90 * mm])
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return parties


def commission_invoice_pdf(invoice: CommissionInvoice, *, language: str = "ro") -> bytes:
    """The commission invoice as a PDF: parties, series and number, the commission line, VAT, totals."""
    guard_renderer()
    _register_fonts()
    styles = _styles()
    body = styles["body"]
    with override(language):
        issued = timezone.localtime(invoice.issued_at)
        story = [
            paragraph(_("INVOICE"), styles["title"]),
            paragraph(_("Series %(series)s no. %(number)s · date %(date)s"), body,
                      series=invoice.series, number=f"{invoice.number:06d}", date=issued.strftime("%d.%m.%Y")),
            paragraph(_("Due date: %(date)s"), body, date=invoice.due_date.strftime("%d.%m.%Y")),
            Spacer(1, 6 * mm),
        ]
        story += [_parties(invoice.seller, invoice.buyer, styles, iban=True), Spacer(1, 8 * mm)]
        description = _("Marketplace commission, %(period)s (%(count)s sales)") % {
            "period": period_label(invoice.period), "count": invoice.sales_count,
        }
        rows = [
            [_("No."), _("Description"), _("Qty"), _("Value without VAT (lei)"), _("VAT (lei)")],
            ["1", paragraph("%(text)s", body, text=description), "1", format_money(invoice.net_total, unit=False),
             format_money(invoice.vat_total, unit=False)],
        ]
        story += [_grid(rows, [12 * mm, 92 * mm, 14 * mm, 34 * mm, 28 * mm], right_from=2), Spacer(1, 6 * mm)]
        rate = f"{invoice.vat_rate.normalize():f}"
        totals = _grid([
            [_("Total without VAT"), format_money(invoice.net_total)],
            [_("VAT (%(rate)s%%)") % {"rate": rate}, format_money(invoice.vat_total)],
            [_("Total"), format_money(invoice.total)],
        ], [140 * mm, 40 * mm], head=False)
        totals.setStyle(TableStyle([("FONTNAME", (0, 2), (-1, 2), FONT_BOLD), ("LINEABOVE", (0, 2), (-1, 2), 0.8, colors.black)]))
        story += [totals, Spacer(1, 6 * mm)]
        story.append(paragraph(
            _("Paid: withheld from your sales of %(period)s in the SNOBISTIC wallet. Nothing is left to pay."), body,
            period=period_label(invoice.period),
        ))
        if invoice.vat_rate == 0:
            story.append(paragraph(_("The platform is not registered for VAT; no VAT is charged."), body))
        return _build(story, title=str(invoice), author=invoice.seller.get("name", ""))


def commission_credit_note_pdf(note, *, language: str = "ro") -> bytes:
    """A commission credit note (``CommissionCreditNote``, "factură de stornare") as a PDF: parties, its own
    series and number, one line per invoice credited (number, date, month), VAT, totals — amounts positive,
    the title says they are credited."""
    from datetime import date  # noqa: PLC0415 - kept inside: the top of the module is the statement part's
    from decimal import Decimal  # noqa: PLC0415

    from .periods import period_parse  # noqa: PLC0415

    guard_renderer()
    _register_fonts()
    styles = _styles()
    body = styles["body"]
    with override(language):
        issued = timezone.localtime(note.issued_at)
        story = [
            paragraph(_("CREDIT NOTE"), styles["title"]),
            paragraph(_("Series %(series)s no. %(number)s · date %(date)s"), body,
                      series=note.series, number=f"{note.number:06d}", date=issued.strftime("%d.%m.%Y")),
            paragraph(_("Reverses commission invoiced earlier, given back by the refunds of %(period)s."), body,
                      period=period_label(note.period)),
            Spacer(1, 6 * mm),
        ]
        story += [_parties(note.seller, note.buyer, styles, iban=False), Spacer(1, 8 * mm)]
        rows = [[_("No."), _("Description"), _("VAT rate (%)"), _("Value without VAT (lei)"), _("VAT (lei)")]]
        for index, line in enumerate(note.lines, start=1):
            description = _("Commission reversal, %(period)s: invoice %(number)s of %(date)s") % {
                "period": period_label(period_parse(line["period"])), "number": line["number"],
                "date": date.fromisoformat(line["issue_date"]).strftime("%d.%m.%Y"),
            }
            rows.append([
                str(index), paragraph("%(text)s", body, text=description), f"{Decimal(line['vat_rate']).normalize():f}",
                format_money(Decimal(line["net"]), unit=False), format_money(Decimal(line["vat"]), unit=False),
            ])
        story += [_grid(rows, [12 * mm, 92 * mm, 14 * mm, 34 * mm, 28 * mm], right_from=2), Spacer(1, 6 * mm)]
        totals = _grid([
            [_("Total without VAT credited"), format_money(note.net_total)],
            [_("VAT credited"), format_money(note.vat_total)],
            [_("Total credited"), format_money(note.total)],
        ], [140 * mm, 40 * mm], head=False)
        totals.setStyle(TableStyle([("FONTNAME", (0, 2), (-1, 2), FONT_BOLD), ("LINEABOVE", (0, 2), (-1, 2), 0.8, colors.black)]))
        story += [totals, Spacer(1, 6 * mm)]
        story.append(paragraph(
            _("Settled in the SNOBISTIC wallet: the refunds took this commission back. Nothing is left to pay."), body,
        ))
        return _build(story, title=str(note), author=note.seller.get("name", ""))
