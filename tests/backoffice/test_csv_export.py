"""CSV downloads open in Excel with Romanian letters intact (issue 11, item 17): UTF-8 with a BOM,
and a charset in the Content-Type."""

import pytest
from django.urls import reverse

from marketplace.products.imports import reading
from tests.factories import approved_vendor, catalogue, login_with_second_factor, shop_manager, store_product

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


def test_the_vendor_csv_export_is_utf8_with_a_bom(client):
    catalogue()
    vendor = approved_vendor(shop_name="Atelier Ș", slug="atelier-s")
    store_product(vendor, title="Geantă din piele întoarsă, țesătură și șnur")
    login_with_second_factor(client, vendor.user)
    response = client.get(reverse("export_csv"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content
    assert body.startswith(BOM) and not body.startswith(BOM + BOM)
    assert "Geantă din piele întoarsă, țesătură și șnur".encode() in body  # UTF-8 bytes, not cp1250
    # what we export, our import reads back: the header is the first row, without the BOM
    header = reading._decode(body).splitlines()[0].split(",")
    assert header[0].isascii()  # no stray BOM character in the first column name


def test_the_staff_export_and_the_import_template_are_utf8_with_a_bom(client):
    catalogue()
    store_product(approved_vendor(), title="Rochie de mătase")
    login_with_second_factor(client, shop_manager())
    export = client.get(reverse("export_products"), {"format": "csv"})
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert export.content.startswith(BOM) and "Rochie de mătase".encode() in export.content
    template = client.get(reverse("product_import_template", args=["csv"]))
    assert template["Content-Type"] == "text/csv; charset=utf-8" and template.content.startswith(BOM)
    # the XLSX download is untouched (a zip file)
    xlsx = client.get(reverse("export_products"), {"format": "xlsx"})
    assert xlsx.content.startswith(b"PK")
