"""Export of listings in the import's columns, the template, the changelists' buttons."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.products import imports
from marketplace.products.models import ImportJob
from tests.factories import (
    login_with_second_factor,
    shop_manager,
    store_product,
)

from .helpers import upload

pytestmark = pytest.mark.django_db


# --- Export and template ------------------------------------------------------------------------
def test_vendor_export_filters_and_round_trips_through_import(vendor_client, django_capture_on_commit_callbacks):
    vendor = vendor_client.vendor
    store_product(vendor, title="Validată", status="validated")
    store_product(vendor, title="Ciornă", status="draft")
    response = vendor_client.get(reverse("export_csv"), {"format": "csv", "status": "validated", "brand": "hermes", "category": "genti", "product_type": "preloved"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [line["title"] for line in lines] == ["Validată"]
    assert lines[0]["price"] == "1200.00" and lines[0]["brand"] == "Hermès"

    xlsx = vendor_client.get(reverse("export_csv"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sorted(r[3] for r in sheet.iter_rows(min_row=2, values_only=True)) == ["Ciornă", "Validată"]

    bad = vendor_client.get(reverse("export_csv"), {"format": "pdf", "status": "sold"})
    assert bad.status_code == 400

    job = upload(
        vendor_client, "vendor_product_import", {"source": SimpleUploadedFile("export.csv", response.content)},
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportJob.Status.READY, job.errors


def test_export_costs_the_same_queries_for_5_and_50_listings(vendor_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert vendor_client.get(reverse("export_csv"), {"format": "csv"}).status_code == 200
        return len(queries)

    for n in range(5):
        store_product(vendor_client.vendor, title=f"G{n}")
    five = count()
    for n in range(45):
        store_product(vendor_client.vendor, title=f"H{n}")
    assert count() == five


def test_templates_name_the_columns_and_only_staff_get_the_vendor_column(client, vendor_client):
    text = vendor_client.get(reverse("vendor_product_import_template", args=["csv"])).content.decode("utf-8-sig")
    assert text.strip().split(",") == [name for name, _help in imports.COLUMNS]
    xlsx = vendor_client.get(reverse("vendor_product_import_template", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert next(book.active.iter_rows(values_only=True))[0] == "title"
    codes = {(column, code) for column, code, _name in book["codes"].iter_rows(min_row=2, values_only=True)}
    assert {("category", "genti"), ("brand", "Hermès"), ("condition", "excelent"), ("size", "38"), ("colour", "black")} <= codes
    login_with_second_factor(client, shop_manager())
    staff = client.get(reverse("product_import_template", args=["csv"])).content.decode("utf-8-sig")
    assert staff.strip().split(",")[-1] == "vendor"


def test_changelists_offer_import_and_export(vendor_client):
    page = vendor_client.get(reverse("vendors:products_product_changelist")).content.decode()
    assert reverse("vendor_product_import") in page and reverse("export_csv") in page
