"""Imports checked row by row: the dry run names row, column and why; a clean one is confirmed and written."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.products.models import AuctionProduct, Category, ImportJob, Product, SizeChart, SKUCode, StoreProduct

from .helpers import HEADER, confirm, csv_file, row, upload, xlsx_file

pytestmark = pytest.mark.django_db


# --- Dry run and confirmation -------------------------------------------------------------------
def test_dry_run_names_row_column_and_why_for_bad_rows_and_writes_nothing(vendor_client, django_capture_on_commit_callbacks):
    rows = [
        row("Bună"),
        row("Brand greșit", brand="Chanelle"),
        row("Preț greșit", price="douăzeci"),
        row("", condition="nou-nout"),
    ]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.INVALID
    problems = {(e["row"], e["column"]) for e in job.errors}
    assert problems == {(3, "brand"), (4, "price"), (5, "title"), (5, "condition")}
    brand_error = next(e for e in job.errors if e["column"] == "brand")
    assert "Chanelle" in brand_error["message"]
    page = vendor_client.get(reverse("vendor_import_job", args=[job.pk])).content.decode()
    assert "Chanelle" in page and "brand" in page
    assert not Product.objects.exists()
    # An import with errors cannot be confirmed.
    confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID and not Product.objects.exists()


def test_clean_dry_run_then_confirm_writes_pending_listings_with_skus(vendor_client, django_capture_on_commit_callbacks):
    Category.objects.filter(slug="genti").update(preset_dimensions=["length", "height"])
    rows = [row("Geantă Kelly 28"), row("Geantă Birkin 30", price="1.999,00", stock="2", colour="black", dimensions="length=30; height=22,5")]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY and job.total == 2
    assert [p["title"] for p in job.preview] == ["Geantă Kelly 28", "Geantă Birkin 30"]
    assert not Product.objects.exists()  # a dry run writes nothing

    job = confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.DONE and job.created_count == 2 and job.done == 2
    products = list(StoreProduct.objects.order_by("pk"))
    assert [p.title for p in products] == ["Geantă Kelly 28", "Geantă Birkin 30"]
    assert all(p.status == "pending" and p.submitted_at and p.vendor == vendor_client.vendor for p in products)
    assert products[1].price == Decimal("1999.00") and products[1].stock == 2
    assert products[1].dimensions == {"length": "30.0", "height": "22.5"}
    assert [s.code for s in SKUCode.objects.order_by("product_id")] == ["HERM-GEN-000001", "HERM-GEN-000002"]
    assert job.task_id == ""  # a small file is done inside the request
    # The listings wait in the staff validation queue, like any submitted listing.
    assert set(Product.objects.filter(status="pending").values_list("pk", flat=True)) == {p.pk for p in products}


def test_auction_rows_and_their_rules(vendor_client, django_capture_on_commit_callbacks):
    header = [*HEADER, "starting_price", "reserve_price", "bid_increment", "duration_hours"]
    rows = [
        row("Licitație bună", price="", stock="", starting_price="500", reserve_price="800", duration_hours="72"),
        row("Rezervă mică", price="", stock="", starting_price="500", reserve_price="100", duration_hours="72"),
        row("Durată ciudată", price="", stock="", starting_price="500", duration_hours="5"),
        row("Ambele", starting_price="500", duration_hours="72"),
    ]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows, header=header)}, django_capture_on_commit_callbacks)
    assert {(e["row"], e["column"]) for e in job.errors} == {(3, "reserve_price"), (4, "duration_hours"), (5, "price")}

    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows[:1], header=header)}, django_capture_on_commit_callbacks)
    job = confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)
    auction = AuctionProduct.objects.get()
    assert (auction.starting_price, auction.reserve_price, auction.duration_hours) == (Decimal("500"), Decimal("800"), 72)
    assert auction.status == "pending" and auction.sku.code == "HERM-GEN-000001"


def test_the_wizards_rules_apply_to_every_row(vendor_client, django_capture_on_commit_callbacks):
    from tests.factories import catalogue

    Category.objects.filter(slug="genti").update(preset_dimensions=["length"])
    SizeChart.objects.get(slug="incaltaminte-femei").categories.add(catalogue()["category"])
    rows = [
        row("Mărime bună", size="38", dimensions="length=30"),
        row("Mărime necunoscută", size="52"),
        row("Măsură străină", dimensions="waist=70"),
        row("Fără stoc", stock="0"),
        row("Preț zero", price="0"),
        row("Subcategorie străină", subcategory="rochii"),
    ]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "size"), (4, "dimensions"), (5, "stock"), (6, "price"), (7, "subcategory"),
    ]


def test_xlsx_imports_like_csv(vendor_client, django_capture_on_commit_callbacks):
    rows = [row("Din Excel", price=1500, stock=3), row("Greșit", category="nu-exista")]
    job = upload(vendor_client, "vendor_product_import", {"source": xlsx_file(rows)}, django_capture_on_commit_callbacks)
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "category")]

    job = upload(vendor_client, "vendor_product_import", {"source": xlsx_file(rows[:1])}, django_capture_on_commit_callbacks)
    confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)
    product = StoreProduct.objects.get()
    assert (product.title, product.price, product.stock, product.status) == ("Din Excel", Decimal("1500"), 3, "pending")


def test_a_csv_saved_by_romanian_excel_semicolons_and_cp1250_is_read(vendor_client, django_capture_on_commit_callbacks):
    text = "title;category;brand;product_type;condition;price\r\nGeantă ţărănească;genti;hermes;new;excelent;1.250,50\r\n"
    source = SimpleUploadedFile("excel.csv", text.encode("cp1250"))
    job = upload(vendor_client, "vendor_product_import", {"source": source}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)
    product = StoreProduct.objects.get()
    assert (product.title, product.price, product.stock) == ("Geantă ţărănească", Decimal("1250.50"), 1)


def test_unreadable_or_wrong_files_are_refused_clearly(vendor_client, django_capture_on_commit_callbacks):
    response = vendor_client.post(reverse("vendor_product_import"), {"source": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 400 and "CSV" in response.content.decode()
    job = upload(
        vendor_client, "vendor_product_import", {"source": csv_file([{"titlu": "x"}], header=["titlu"])},
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportJob.Status.INVALID
    assert "titlu" in job.errors[0]["message"] and "title" in job.errors[0]["message"]
    assert not Product.objects.exists()
