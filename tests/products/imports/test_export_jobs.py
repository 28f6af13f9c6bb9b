"""Big exports run as jobs: streamed in chunks (CSV with a BOM, XLSX write-only), their progress polled,
the file served to its owner only, and a link e-mailed when it is ready."""

import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from marketplace.products.imports import export_file, export_jobs, export_stream
from marketplace.products.models import ExportJob, Product
from tests.factories import approved_vendor, login_with_second_factor, store_product

pytestmark = pytest.mark.django_db


def test_the_stream_writes_what_the_inline_export_writes_in_chunks(monkeypatch):
    vendor = approved_vendor()
    for n in range(7):
        store_product(vendor, title=f"Geantă {n}", status="validated", description=f"=cmd|{n}")
    monkeypatch.setattr(export_jobs, "CHUNK", 3)
    seen = []
    out = io.BytesIO()
    rows = export_stream(queryset=Product.objects.all(), fmt="csv", staff=True, out=out, progress=seen.append)
    assert rows == 7 and seen == [3, 6, 7]
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads ă â î ș ț right only with the BOM
    streamed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    inline = list(csv.reader(io.StringIO(export_file(queryset=Product.objects.order_by("pk"), fmt="csv", staff=True))))
    assert streamed == inline and streamed[1][4].startswith("'=")  # formulas neutralised in both

    book = io.BytesIO()
    assert export_stream(queryset=Product.objects.all(), fmt="xlsx", staff=False, out=book) == 7
    sheet = openpyxl.load_workbook(io.BytesIO(book.getvalue()), read_only=True)["listings"]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 8 and values[1][3] == "Geantă 0"


@override_settings(PRODUCT_EXPORT_INLINE_MAX_ROWS=2)
def test_a_big_export_becomes_a_job_its_owner_downloads_and_is_told_about(client, django_capture_on_commit_callbacks):
    vendor, other = approved_vendor(), approved_vendor()
    for n in range(3):
        store_product(vendor, title=f"Piesa {n}", status="validated")
    store_product(other, title="Nu e a mea", status="validated")
    login_with_second_factor(client, vendor.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("export_csv"), {"format": "csv", "status": "validated"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("vendor_export_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and (job.done, job.total) == (3, 3) and job.vendor == vendor
    page = client.get(reverse("vendor_export_job", args=[job.pk])).content.decode()
    assert reverse("vendor_export_job_download", args=[job.pk]) in page
    progress = client.get(reverse("vendor_export_job_progress", args=[job.pk])).json()
    assert progress["percent"] == 100 and progress["running"] is False
    download = client.get(reverse("vendor_export_job_download", args=[job.pk]))
    titles = [row["title"] for row in csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))]
    assert sorted(titles) == ["Piesa 0", "Piesa 1", "Piesa 2"]  # the shop's own, filtered
    assert len(mail.outbox) == 1 and reverse("vendor_export_job", args=[job.pk]) in mail.outbox[0].body

    login_with_second_factor(client, other.user)
    assert client.get(reverse("vendor_export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("vendor_export_job_download", args=[job.pk])).status_code == 404


def test_a_job_delivered_twice_runs_once():
    vendor = approved_vendor()
    store_product(vendor, status="validated")
    job = ExportJob.objects.create(owner=vendor.user, vendor=vendor, fmt="xlsx")
    assert export_jobs.export_job_run(job_id=job.pk) is not None
    assert export_jobs.export_job_run(job_id=job.pk) is None


@pytest.mark.parametrize("staff", [True, False])
def test_the_fast_rows_are_the_resources_rows_cell_for_cell(staff, monkeypatch):
    """The job writes tuples read with values_list (issue 20: rows/s); every cell must be what the
    import-export resource writes — fixed price and auction, empty and set optionals, photos, formulas."""
    from django.core.files.base import ContentFile

    from marketplace.products.imports.exporting import ProductExportResource
    from marketplace.products.models import Product as Listing
    from marketplace.products.models import ProductImage
    from marketplace.products.sku import sku_generate
    from tests.factories import auction_product, catalogue, jpeg_bytes

    vendor = approved_vendor()
    cat = catalogue()
    plain = store_product(vendor, status="validated", serial_number="+40 722", dimensions={"latime": 30, "inaltime": 22},
                          size=cat["size"], material=cat["material"], colour="black", title_en="Kelly bag")
    store_product(vendor, status="draft", title="@sum(A1)", description="-2", title_en="=HYPERLINK()")
    auction_product(vendor, reserve_price="900.00", bid_increment="50.00")
    auction_product(vendor, status="pending")
    Listing.objects.create(vendor=vendor, title="Ciornă fără preț", slug="ciorna-fara-pret", product_type="new",
                           brand=cat["brand"], category=cat["category"], condition=cat["condition"])
    for position in (1, 0):
        image = ProductImage(product=plain, position=position)
        image.original.save(f"o{position}.jpg", ContentFile(jpeg_bytes()), save=False)
        image.image.save(f"i{position}.jpg", ContentFile(jpeg_bytes()), save=False)
        image.save()
    ProductImage.objects.create(product=plain, position=2, original="x.jpg", image="")  # not shown: no image yet
    sku_generate(product=plain)
    monkeypatch.setattr(export_jobs, "CHUNK", 2)

    def url_for(url):
        return "https://snobistic.ro" + url

    fast = list(export_jobs.export_rows(queryset=Listing.objects.all(), staff=staff, url_for=url_for))
    resource = ProductExportResource(staff=staff, url_for=url_for)
    slow = [resource.export_resource(p) for p in export_jobs.product_export_queryset(Listing.objects.order_by("pk"))]
    assert resource.get_export_headers() == [*export_jobs.FAST_COLUMNS, *(("vendor",) if staff else ())]
    assert fast == slow and len(fast) == 5
    assert fast[0][-2 if staff else -1].count("https://snobistic.ro") == 2  # two photos, in position order


def test_a_column_the_fast_rows_do_not_know_falls_back_to_the_resource(monkeypatch):
    vendor = approved_vendor()
    store_product(vendor, status="validated", title="Geantă")
    monkeypatch.setattr(export_jobs, "FAST_COLUMNS", export_jobs.FAST_COLUMNS[:-1])
    monkeypatch.setattr(export_jobs, "export_rows", lambda **kwargs: pytest.fail("the fast path wrote other columns"))
    out = io.BytesIO()
    assert export_stream(queryset=Product.objects.all(), fmt="csv", staff=False, out=out) == 1
    assert "Geantă" in out.getvalue().decode("utf-8-sig")
