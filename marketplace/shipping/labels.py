"""The A6 shipping label (reportlab): sender, recipient, service, locker, weight, cash on delivery,
a Code 128 barcode of the AWB and a QR code of the tracking page.

``labels_pdf`` draws any number of labels into one PDF (one A6 page each): the offline courier's
label, the staff's bulk print of local labels and ``make bench-labels`` all use it. Text is drawn
with ``drawString`` (never parsed as markup) in Source Sans Pro, so ă, â, î, ș and ț print.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import font_source_sans_pro
import segno
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from marketplace.common.money import format_money
from marketplace.common.pdf import guard_renderer

from .couriers.base import Address

FONT, FONT_BOLD = "SNB-Sans", "SNB-Sans-Bold"
WIDTH, HEIGHT = A6  # 105 × 148 mm, portrait
MARGIN = 5 * mm


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, font_source_sans_pro.font_files_ttf["SourceSansPro"]))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, font_source_sans_pro.font_files_ttf["SourceSansProBold"]))


@dataclass(frozen=True)
class LabelData:
    awb_number: str
    courier_label: str
    sender: Address
    recipient: Address
    service: str  # shown as given ("Easybox", "La adresă"...)
    weight_kg: Decimal
    cod_amount: Decimal = Decimal("0.00")
    locker: str = ""  # the locker's id and name when the service is a locker
    reference: str = ""
    tracking_url: str = ""
    is_return: bool = False


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """Cut ``text`` with an ellipsis so it fits ``width`` points."""
    text = " ".join(str(text or "").split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _address_block(canvas: Canvas, title: str, address: Address, top: float, *, big: bool) -> float:
    inner = WIDTH - 2 * MARGIN
    canvas.setFont(FONT_BOLD, 6.5)
    canvas.drawString(MARGIN, top, title.upper())
    size = 10.5 if big else 8
    lines = [
        (FONT_BOLD, address.name),
        (FONT, address.contact),
        (FONT, address.street),
        (FONT, ", ".join(p for p in (f"{address.postal_code} {address.city}".strip(), address.county) if p)),
        (FONT, address.phone),
    ]
    y = top - size - 1.5
    for font, text in lines:
        if not text:
            continue
        canvas.setFont(font, size)
        canvas.drawString(MARGIN, y, _fit(canvas, text, font, size, inner))
        y -= size + 1.5
    return y


def _draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code (segno's matrix) as one filled path of dark runs, drawn in module units under a scale
    (whole numbers in the page stream). reportlab's QR widget builds a shape object per module and drew
    about 10 labels a second. The mask is fixed (pattern 0, readable by every decoder): choosing the
    "best" of eight took four fifths of the QR's time and changes nothing for a short URL on a label."""
    matrix = segno.make_qr(text, error="m", mask=0).matrix
    count = len(matrix)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / count, size / count)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = count - r - 1
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(start, top, c - start, 1)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _draw(canvas: Canvas, label: LabelData) -> None:
    inner = WIDTH - 2 * MARGIN
    top = HEIGHT - MARGIN
    # Header: courier, service and the AWB in clear.
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(MARGIN, top - 10, _fit(canvas, label.courier_label, FONT_BOLD, 12, inner / 2))
    canvas.setFont(FONT_BOLD, 9)
    service = (_("RETURN") + " · " if label.is_return else "") + label.service
    canvas.drawRightString(WIDTH - MARGIN, top - 10, _fit(canvas, service, FONT_BOLD, 9, inner / 2))
    canvas.line(MARGIN, top - 14, WIDTH - MARGIN, top - 14)
    # Code 128 of the AWB, as wide as the label allows.
    barcode = code128.Code128(label.awb_number, barHeight=16 * mm, barWidth=0.42 * mm, quiet=False)
    if barcode.width > inner:
        barcode = code128.Code128(label.awb_number, barHeight=16 * mm, barWidth=0.42 * mm * inner / barcode.width, quiet=False)
    barcode.drawOn(canvas, MARGIN + (inner - barcode.width) / 2, top - 16 - 16 * mm - 2)
    canvas.setFont(FONT_BOLD, 13)
    canvas.drawCentredString(WIDTH / 2, top - 16 - 16 * mm - 14, label.awb_number)
    y = top - 16 - 16 * mm - 20
    canvas.line(MARGIN, y, WIDTH - MARGIN, y)
    y = _address_block(canvas, _("Recipient"), label.recipient, y - 9, big=True)
    if label.locker:
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(MARGIN, y, _fit(canvas, _("Locker: %(locker)s") % {"locker": label.locker}, FONT_BOLD, 9, inner))
        y -= 11
    canvas.line(MARGIN, y, WIDTH - MARGIN, y)
    y = _address_block(canvas, _("Sender"), label.sender, y - 9, big=False)
    # Bottom band: weight, cash on delivery, reference on the left; QR of the tracking page on the right.
    qr_size = 27 * mm
    bottom = MARGIN
    if label.tracking_url:
        _draw_qr(canvas, label.tracking_url, WIDTH - MARGIN - qr_size, bottom, qr_size)
    canvas.setFont(FONT, 8.5)
    canvas.drawString(MARGIN, bottom + 20 * mm, _("Weight: %(kg)s kg") % {"kg": label.weight_kg})
    canvas.setFont(FONT_BOLD, 10)
    cod = _("Cash on delivery: %(amount)s") % {"amount": format_money(label.cod_amount)} if label.cod_amount > 0 else _("No cash on delivery")
    canvas.drawString(MARGIN, bottom + 14 * mm, cod)
    canvas.setFont(FONT, 7.5)
    if label.reference:
        canvas.drawString(MARGIN, bottom + 8 * mm, _fit(canvas, _("Ref.: %(reference)s") % {"reference": label.reference}, FONT, 7.5, inner - qr_size))
    canvas.drawString(MARGIN, bottom + 3 * mm, "SNOBISTIC")


def labels_pdf(labels) -> bytes:
    """One PDF with one A6 page per label, in the order given."""
    guard_renderer()
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6, pageCompression=1)
    canvas.setTitle("AWB")
    with override("ro"):  # the courier and the buyer read the label in Romanian
        for label in labels:
            _draw(canvas, label)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()
