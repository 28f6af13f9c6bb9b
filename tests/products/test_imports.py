"""Spreadsheet import and export of listings, in both back offices."""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import requests
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_q.models import Task

from marketplace.common import fetch
from marketplace.products import imports
from marketplace.products.models import AuctionProduct, Category, ImportJob, Product, SizeChart, SKUCode, StoreProduct
from tests.factories import (
    UserFactory,
    approved_vendor,
    catalogue,
    jpeg_bytes,
    login_with_second_factor,
    shop_manager,
    store_product,
)

pytestmark = pytest.mark.django_db

HEADER = ["title", "category", "subcategory", "brand", "product_type", "condition", "price", "stock"]


def row(title="Geantă Kelly 28", **values):
    base = {
        "title": title, "category": "genti", "subcategory": "genti-de-mana", "brand": "Hermès",
        "product_type": "preloved", "condition": "excelent", "price": "1200.50", "stock": "1",
    }
    return {**base, **values}


def csv_file(rows, name="produse.csv", header=None):
    header = header or list(dict.fromkeys([*HEADER, *(k for r in rows for k in r)]))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="produse.xlsx"):
    header = list(dict.fromkeys([*HEADER, *(k for r in rows for k in r)]))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append([r.get(column) for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def zip_file(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, name in enumerate(names):
            archive.writestr(name, jpeg_bytes(colour=(20 * index, 200, 30)))
    return SimpleUploadedFile("poze.zip", buffer.getvalue(), content_type="application/zip")


def upload(client, url_name, files, commit_callbacks, **data):
    with commit_callbacks(execute=True):
        response = client.post(reverse(url_name), {**files, **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def confirm(client, url_name, job, commit_callbacks):
    with commit_callbacks(execute=True):
        response = client.post(reverse(url_name, args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


@pytest.fixture
def vendor_client(client):
    catalogue()
    vendor = approved_vendor(shop_name="Atelier A", slug="atelier-a")
    login_with_second_factor(client, vendor.user)
    client.vendor = vendor
    return client


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


# --- Whose shop ---------------------------------------------------------------------------------
def test_vendor_cannot_import_into_another_shop(vendor_client, django_capture_on_commit_callbacks):
    other = approved_vendor(shop_name="Atelier B", slug="atelier-b")
    rows = [row("Pentru B", vendor="atelier-b"), row("Pentru mine", vendor="atelier-a")]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "vendor")]
    assert not other.products.exists() and not Product.objects.exists()


def test_vendor_reaches_neither_another_vendors_jobs_nor_their_products(client, vendor_client, django_capture_on_commit_callbacks):
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    mine = store_product(vendor_client.vendor, title="Geanta lui A", status="validated")
    other = approved_vendor(shop_name="Atelier B", slug="atelier-b")
    theirs = store_product(other, title="Geanta lui B", status="validated")

    login_with_second_factor(client, other.user)
    assert client.get(reverse("vendor_import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("vendor_import_job_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("vendor_import_job_confirm", args=[job.pk])).status_code == 404
    # Export: only B's own listings, even when asking for A's shop by name.
    response = client.get(reverse("export_csv"), {"format": "csv", "vendor": "atelier-a"})
    assert response.status_code == 200
    text = response.content.decode()
    assert theirs.title in text and mine.title not in text
    assert "vendor" not in text.splitlines()[0].split(",")  # no shop column for vendors
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and not Product.objects.filter(title="Geantă Kelly 28").exists()


def test_a_shop_suspended_between_dry_run_and_confirmation_gets_nothing_written(vendor_client, django_capture_on_commit_callbacks):
    from marketplace.vendors.services import vendor_suspend

    job = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY
    job.status = ImportJob.Status.CONFIRMED
    job.save()
    vendor_suspend(vendor=vendor_client.vendor, actor=None, reason="Documente expirate")

    from backoffice.import_jobs import import_job_write_task

    assert import_job_write_task(job.pk) == ImportJob.Status.INVALID
    assert import_job_write_task(job.pk) is None  # delivered twice: the second run does nothing
    job.refresh_from_db()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "vendor")]
    assert not Product.objects.exists()


def test_uploaded_sheets_are_stored_under_unguessable_names(vendor_client, django_capture_on_commit_callbacks):
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    folder = job.source.name.split("/")[1]
    assert job.source.name.endswith("produse.csv") and len(folder) == 32 and str(vendor_client.vendor.user.pk) != folder


def test_pending_vendor_and_customers_are_refused_at_every_import_and_export_door(client):
    from tests.factories import VendorFactory

    pending = VendorFactory()
    login_with_second_factor(client, pending.user)
    for url in [reverse("export_csv"), reverse("vendor_product_import"), reverse("vendor_product_import_template", args=["csv"])]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("vendor_product_import"), {"source": csv_file([row()])}).status_code == 403
    assert not ImportJob.objects.exists()


def test_staff_import_for_any_shop_by_vendor_column(client, django_capture_on_commit_callbacks):
    catalogue()
    a = approved_vendor(shop_name="Atelier A", slug="atelier-a")
    b = approved_vendor(shop_name="Atelier B", slug="atelier-b")
    login_with_second_factor(client, shop_manager())
    rows = [row("Pentru A", vendor="atelier-a"), row("Pentru B", vendor="atelier-b"), row("Implicit")]
    job = upload(client, "product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks, vendor=b.pk)
    assert job.status == ImportJob.Status.READY
    confirm(client, "import_job_confirm", job, django_capture_on_commit_callbacks)
    assert set(a.products.values_list("title", flat=True)) == {"Pentru A"}
    assert set(b.products.values_list("title", flat=True)) == {"Pentru B", "Implicit"}

    job = upload(client, "product_import", {"source": csv_file([row("Nimănui"), row("Necunoscut", vendor="nu-exista")])}, django_capture_on_commit_callbacks)
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "vendor"), (3, "vendor")]


def test_only_staff_with_product_rights_import(client):
    login_with_second_factor(client, UserFactory(roles=["support-agent"], is_staff=True))
    assert client.get(reverse("product_import")).status_code == 403
    assert client.get(reverse("export_products")).status_code == 200  # agents may read the catalogue


# --- Photos -------------------------------------------------------------------------------------
def test_zip_photos_are_matched_by_file_name(vendor_client, django_capture_on_commit_callbacks):
    rows = [row("Cu două poze", image_files="fata.jpg | SPATE.JPG"), row("Fără poză")]
    photos = zip_file(["poze/fata.jpg", "poze/spate.jpg"])
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows), "photos": photos}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY
    job = confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.DONE and job.photos_added == 2
    product = Product.objects.get(title="Cu două poze")
    assert [(i.is_primary, i.position) for i in product.images.order_by("position")] == [(True, 0), (False, 1)]
    assert not Product.objects.get(title="Fără poză").images.exists()


def test_zip_names_missing_from_the_archive_are_row_errors(vendor_client, django_capture_on_commit_callbacks):
    rows = [row("Poză lipsă", image_files="lipsa.jpg")]
    job = upload(
        vendor_client, "vendor_product_import", {"source": csv_file(rows), "photos": zip_file(["alta.jpg"])},
        django_capture_on_commit_callbacks,
    )
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "image_files")]
    assert "lipsa.jpg" in job.errors[0]["message"]


class RecordedAdapter(requests.adapters.BaseAdapter):
    """Answers like the recorded server: a JPEG at /bag.jpg, 404 elsewhere, a huge file at /big.jpg."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def send(self, request, **kwargs):
        self.calls.append((request.url, kwargs.get("timeout")))
        response = requests.Response()
        response.url, response.request = request.url, request
        if request.url.endswith("/bag.jpg"):
            body = jpeg_bytes()
            response.status_code, response.headers["Content-Type"] = 200, "image/jpeg"
            response.headers["Content-Length"] = str(len(body))
        elif request.url.endswith("/moved.jpg"):
            body, response.status_code = b"", 301
            response.headers["Location"] = "/bag.jpg"
        elif request.url.endswith("/big.jpg"):
            body, response.status_code = b"x" * 2048, 200
            response.headers["Content-Length"] = "999999999"
        else:
            body, response.status_code = b"not found", 404
        response.raw = io.BytesIO(body)
        return response

    def close(self):
        pass


@pytest.fixture
def recorded_web(monkeypatch):
    adapter = RecordedAdapter()

    def session():
        s = requests.Session()
        s.mount("https://", adapter)
        s.mount("http://", adapter)
        return s

    monkeypatch.setattr(fetch, "_http_session", session)
    monkeypatch.setattr(fetch, "_resolve", lambda host: ["10.0.0.8"] if host == "intranet.local" else ["93.184.215.14"])
    return adapter


def test_fetch_image_url_checks_address_size_status_and_follows_a_redirect(recorded_web):
    photo = imports.fetch_image_url("https://photos.example.com/moved.jpg")
    assert photo.read() == jpeg_bytes()
    assert recorded_web.calls[0][1] == (5, 20)  # connect and read timeouts are always given
    with pytest.raises(ValidationError, match="404"):
        imports.fetch_image_url("https://photos.example.com/missing.jpg")
    with pytest.raises(ValidationError, match="MB"):
        imports.fetch_image_url("https://photos.example.com/big.jpg")
    calls = len(recorded_web.calls)
    with pytest.raises(ValidationError, match="intranet.local"):
        imports.fetch_image_url("http://intranet.local/bag.jpg")
    with pytest.raises(ValidationError):
        imports.fetch_image_url("file:///etc/passwd")
    assert len(recorded_web.calls) == calls  # a private or non-web address is never asked


def test_image_urls_are_fetched_in_the_job_and_failures_reported_per_row(recorded_web, vendor_client, django_capture_on_commit_callbacks):
    rows = [
        row("Cu poză de pe web", image_urls="https://photos.example.com/bag.jpg"),
        row("Poză care lipsește", image_urls="https://photos.example.com/gone.jpg"),
    ]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY and recorded_web.calls == []  # the dry run fetches nothing
    job = confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.DONE and job.task_id  # photos to fetch: a django-q2 job
    assert Product.objects.get(title="Cu poză de pe web").images.count() == 1
    assert [(e["row"], e["column"]) for e in job.photo_errors] == [(3, "image_urls")]
    assert "gone.jpg" in job.photo_errors[0]["message"] and "404" in job.photo_errors[0]["message"]
    assert not Product.objects.get(title="Poză care lipsește").images.exists()
    assert Product.objects.get(title="Poză care lipsește").status == "pending"


# --- Large files go to django-q2 ----------------------------------------------------------------
def test_a_large_file_is_checked_and_written_by_a_q2_job_with_progress(settings, vendor_client, django_capture_on_commit_callbacks):
    settings.PRODUCT_IMPORT_INLINE_MAX_ROWS = 2
    rows = [row(f"Geantă {n}") for n in range(3)]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)
    assert job.task_id and Task.objects.filter(name=f"import-{job.pk}-import_job_check_task").exists()
    job = confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)
    assert Task.objects.filter(name=f"import-{job.pk}-import_job_write_task", success=True).exists()

    progress = vendor_client.get(reverse("vendor_import_job_progress", args=[job.pk])).json()
    assert progress | {"status_label": ""} == {
        "status": "done", "status_label": "", "total": 3, "done": 3, "percent": 100, "running": False,
        "error_count": 0, "created_count": 3,
    }
    assert StoreProduct.objects.filter(vendor=vendor_client.vendor, status="pending").count() == 3
    page = vendor_client.get(reverse("vendor_import_job", args=[job.pk])).content.decode()
    assert "progressbar" not in page  # finished: no bar, the result


def test_a_running_job_page_shows_a_polling_progress_bar(vendor_client):
    job = ImportJob.objects.create(
        owner=vendor_client.vendor.user, vendor=vendor_client.vendor, source="imports/x.csv",
        status=ImportJob.Status.IMPORTING, total=400, done=100,
    )
    page = vendor_client.get(reverse("vendor_import_job", args=[job.pk])).content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="25"' in page
    assert reverse("vendor_import_job_progress", args=[job.pk]) in page


def test_progress_is_reported_per_chunk(vendor_client):
    catalogue()
    import tablib

    data = tablib.Dataset(headers=HEADER)
    for n in range(imports.CHUNK_SIZE + 10):
        data.append([row(f"G {n}")[c] for c in HEADER])
    seen = []
    outcome = imports.product_import_rows(
        dataset=data, vendor=vendor_client.vendor, dry_run=False, on_progress=lambda phase, done: seen.append((phase, done))
    )
    assert outcome.ok and len(outcome.product_ids) == imports.CHUNK_SIZE + 10
    assert seen == [
        ("checking", imports.CHUNK_SIZE), ("checking", imports.CHUNK_SIZE + 10),
        ("writing", imports.CHUNK_SIZE), ("writing", imports.CHUNK_SIZE + 10),
    ]
    codes = sorted(SKUCode.objects.values_list("code", flat=True))
    assert codes[0] == "HERM-GEN-000001" and codes[-1] == f"HERM-GEN-{imports.CHUNK_SIZE + 10:06d}"


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


# --- Constraints checked in Python agree with the database's ------------------------------------
@pytest.mark.parametrize(
    ("model", "values", "broken"),
    [
        (StoreProduct, {"price": Decimal("10"), "stock": 1}, set()),
        (StoreProduct, {"price": Decimal("0"), "stock": 1}, {"products_store_price_positive"}),
        (StoreProduct, {"price": Decimal("5"), "stock": 1, "status": "rejected"}, {"products_rejected_has_reason"}),
        (StoreProduct, {"price": Decimal("5"), "stock": 1, "status": "rejected", "rejection_reason": "Blurry"}, set()),
        (AuctionProduct, {"starting_price": Decimal("100"), "duration_hours": 72}, set()),
        (AuctionProduct, {"starting_price": Decimal("100"), "reserve_price": Decimal("90"), "duration_hours": 72},
         {"products_auction_reserve_not_below_start"}),
        (AuctionProduct, {"starting_price": Decimal("100"), "bid_increment": Decimal("0"), "duration_hours": 72},
         {"products_auction_increment_positive"}),
    ],
)
def test_constraints_checked_in_python_agree_with_djangos_own_check(model, values, broken):
    product = model(title="x", slug="x", product_type="new", **values)

    def failures(check):
        try:
            check()
        except ValidationError as exc:
            return {name for name in _constraint_names(model) if any(name in m for m in exc.messages)}
        return set()

    assert failures(lambda: imports.validate_model_constraints(product)) == broken
    assert failures(lambda: product.validate_constraints()) == broken


def _constraint_names(model):
    return {c.name for _model, constraints in model().get_constraints() for c in constraints}


def test_staff_see_every_import_in_a_list_of_fixed_cost(client, vendor_client, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    login_with_second_factor(client, shop_manager())
    url = reverse("admin:products_importjob_changelist")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    five, page = count()
    assert "Atelier A" in page and "produse.csv" in page
    job = ImportJob.objects.get()
    assert client.get(reverse("import_job", args=[job.pk])).status_code == 200  # staff open a vendor's import
    for _n in range(20):
        other = approved_vendor()
        ImportJob.objects.create(owner=other.user, vendor=other, source="imports/x/a.csv", status="done", total=1, done=1)
    assert count()[0] == five

    login_with_second_factor(client, UserFactory(roles=["support-agent"], is_staff=True))
    assert client.get(url).status_code == 403


def test_uploaded_files_are_deleted_after_30_days_and_the_record_stays(vendor_client, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from backoffice.import_jobs import import_files_purge_task

    old = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()]), "photos": zip_file(["a.jpg"])}, django_capture_on_commit_callbacks)
    recent = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    storage, old_files = old.source.storage, [old.source.name, old.photos.name]
    ImportJob.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))

    assert import_files_purge_task() == 2
    assert not any(storage.exists(name) for name in old_files)
    assert storage.exists(recent.source.name)
    old.refresh_from_db()
    assert old.status == ImportJob.Status.READY and old.source.name == ""  # the record of the import stays
    assert import_files_purge_task() == 0
    job = confirm(vendor_client, "vendor_import_job_confirm", old, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED and "30" in job.errors[0]["message"] and not Product.objects.exists()

