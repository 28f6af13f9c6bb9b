"""Photos of imported listings: from a ZIP beside the sheet, or fetched from their addresses."""

import io

import pytest
import requests
from django.core.exceptions import ValidationError

from marketplace.common import fetch
from marketplace.products import imports
from marketplace.products.models import ImportJob, Product
from tests.factories import (
    jpeg_bytes,
)

from .helpers import confirm, csv_file, row, upload, zip_file

pytestmark = pytest.mark.django_db


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
