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
