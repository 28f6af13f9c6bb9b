"""Imports as jobs: large files in django-q2 with progress, staff's list of every import, files purged."""

import pytest
from django.urls import reverse
from django_q.models import Task

from marketplace.products import imports
from marketplace.products.models import ImportJob, Product, SKUCode, StoreProduct
from tests.factories import (
    UserFactory,
    approved_vendor,
    catalogue,
    login_with_second_factor,
    shop_manager,
)

from .helpers import HEADER, confirm, csv_file, row, upload, zip_file

pytestmark = pytest.mark.django_db


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


# --- Staff oversight and the files' lifetime ----------------------------------------------------
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

    from marketplace.products.imports.jobs import import_files_purge_task

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
