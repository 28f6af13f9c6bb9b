"""Invoice PDFs print what buyers and vendors typed literally: markup is text, and no file of the server gets in."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from backoffice.sites import vendor_site  # noqa: F401  (the vendor site's URLs are registered)
from marketplace.common.pdf import guard_renderer, pdf_markup, pdf_text
from marketplace.orders.invoices import invoice_pdf
from marketplace.orders.services import order_mark_paid
from tests.factories import approved_vendor, buyable, customer, login_with_second_factor

from .helpers import place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_png(tmp_path):
    """A picture somewhere on the server, outside our static files."""
    path = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), (200, 0, 0)).save(path)
    return str(path)


def markup_values(server_png: str) -> dict[str, str]:
    return {
        "legal_name": '<img src=x onerror=alert(1)> Vânzător & Fiii',
        "title": f'<img src="{server_png}"/> Geantă <b>Kelly</b>',
        "billing_name": "<img src=x onerror=alert(1)>",
        "billing_address": f'<img src="{server_png}" width="200" height="200"/> Str. <font size=40>Lungă</font> 3',
        "billing_city": "<para>Iași</para>",
        "billing_county": "Iași",  # validated: one of the 41 counties and Bucharest
        "billing_vat_number": "RO18547290",  # validated: only a real CUI gets this far
        "billing_registration_number": "J22/<unclosed",
    }


def invoice_with_markup(server_png: str):
    values = markup_values(server_png)
    vendor = approved_vendor(legal_name=values["legal_name"], vat_number="RO18547290")
    buyer = customer()
    order = place_order(
        buyer, [buyable(vendor, price="1210.00", title=values["title"])], payment_method="bank_transfer",
        billing_type="company", **{key: value for key, value in values.items() if key.startswith("billing_")},
    )
    order_mark_paid(order=order, actor=None, reference="markup")
    return order, order.shipments.get(), values


def pdf_text_and_images(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return "".join(text.split()), images  # without spaces: a long value wraps onto several lines


def test_markup_in_every_field_prints_literally_for_the_buyer_and_the_vendor(client, server_png):
    order, shipment, values = invoice_with_markup(server_png)
    client.force_login(order.buyer)
    buyer_side = client.get(reverse("order_invoice", args=[order.pk, shipment.pk]))
    vendor_client = Client()
    login_with_second_factor(vendor_client, shipment.vendor.user)
    vendor_side = vendor_client.get(reverse("vendors:orders_shipment_invoice", args=[shipment.pk]))
    for response in (buyer_side, vendor_side):
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        text, images = pdf_text_and_images(response.content)
        assert images == 0  # the server's picture did not get in
        for field, value in values.items():
            assert "".join(value.split()) in text, field


def test_the_renderer_reads_no_file_outside_our_fonts_and_static_files(server_png, settings):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.utils import ImageReader, open_for_read
    from reportlab.platypus import Paragraph

    guard_renderer()
    # Even markup that slipped past the escaping cannot reach a file or a URL
    for source in (server_png, f"file://{server_png}", "http://169.254.169.254/latest/meta-data", "data:image/png;base64,AAAA"):
        with pytest.raises(Exception):  # noqa: B017,PT011 — reportlab wraps the refusal in its own annotated error
            ImageReader(source)
        with pytest.raises(OSError):
            open_for_read(source)
    with pytest.raises(Exception):  # noqa: B017,PT011
        Paragraph(f'<img src="{server_png}"/>', ParagraphStyle("x")).wrap(100, 100)
    # while our own static files stay readable
    static_file = next(p for p in (settings.BASE_DIR / "static").rglob("*.png"))
    assert ImageReader(str(static_file)).getSize()[0] > 0


def test_values_are_escaped_and_templates_are_text():
    assert pdf_text('<img src="x"/> & <b>') == '&lt;img src="x"/&gt; &amp; &lt;b&gt;'
    assert pdf_text(None) == ""
    assert pdf_markup("Buyer: %(name)s <b>", name="<i>Ana</i>") == "Buyer: &lt;i&gt;Ana&lt;/i&gt; &lt;b&gt;"


def test_an_invoice_without_markup_still_reads_as_before(server_png):
    vendor = approved_vendor(legal_name="Butic SRL", vat_number="RO18547290")
    order = place_order(customer(), [buyable(vendor, price="1210.00", title="Rochie din mătase")],
                        payment_method="bank_transfer", billing_name="Ana Popescu")
    order_mark_paid(order=order, actor=None, reference="plain")
    text, images = pdf_text_and_images(invoice_pdf(order.shipments.get().invoice))
    assert "Rochiedinmătase" in text and "AnaPopescu" in text and "ButicSRL" in text and images == 0
