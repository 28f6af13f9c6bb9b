"""Exports of any size as django-q2 jobs, written in a streaming way (issue 20).

Rows are read in primary-key chunks (``CHUNK`` listings, their relations prefetched per chunk) and
written straight into a temporary file: CSV through ``csv.writer`` (UTF-8 with a byte-order mark,
for Excel), XLSX through openpyxl's write-only workbook. Memory stays flat whatever the number of
rows; the job records its progress after each chunk and e-mails the person who asked when the file
is ready. A small export is still answered inside the request (``export_file``).
"""

import csv
import io
import tempfile

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit
from marketplace.notifications.services import notify

from ..models import ExportJob, Product
from .exporting import ProductExportResource, product_export_queryset

CHUNK = 2000
FILTERS = ("status", "category_id", "brand_id", "product_type", "vendor_id")


def product_export_filter(queryset, *, status="", category_id=None, brand_id=None, product_type="", vendor_id=None):
    """The listings an export reads, by the export form's filters (empty: any)."""
    conditions = {"status": status, "category_id": category_id, "brand_id": brand_id, "product_type": product_type,
                  "vendor_id": vendor_id}
    return queryset.filter(**{name: value for name, value in conditions.items() if value not in (None, "")})


def export_stream(*, queryset, fmt: str, staff: bool, out, url_for=None, progress=None) -> int:
    """Write the listings of ``queryset`` as ``fmt`` into the binary file ``out``; returns the number of rows."""
    resource = ProductExportResource(staff=staff, url_for=url_for)
    headers = resource.get_export_headers()
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        writer = csv.writer(text)
        append = writer.writerow
    elif fmt == "xlsx":
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("listings")
        append = sheet.append
    else:
        raise ValidationError(_("Choose CSV or XLSX."), code="format")
    append(headers)
    rows, last_pk = 0, 0
    ordered = queryset.order_by("pk")
    while True:
        chunk = list(product_export_queryset(ordered.filter(pk__gt=last_pk))[:CHUNK])
        if not chunk:
            break
        for listing in chunk:
            append(resource.export_resource(listing))
        rows += len(chunk)
        last_pk = chunk[-1].pk
        if progress is not None:
            progress(rows)
    if fmt == "csv":
        text.flush()
        text.detach()
    else:
        book.save(out)
    return rows


@transaction.atomic
def export_job_start(*, owner, vendor, staff: bool, fmt: str, filters: dict) -> ExportJob:
    """Queue an export of a vendor's own listings (``vendor``) or, for staff, of any shop's."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationError(_("Choose CSV or XLSX."), code="format")
    if not staff and vendor is None:
        raise ValidationError(_("Only an approved shop can export its listings."), code="vendor_not_approved")
    clean = {name: filters[name] for name in FILTERS if filters.get(name) not in (None, "")}
    if not staff:
        clean.pop("vendor_id", None)
    job = ExportJob.objects.create(owner=owner, vendor=None if staff else vendor, fmt=fmt, filters=clean)
    enqueue_after_commit("marketplace.products.imports.export_jobs.export_job_run_task", job.pk,
                         q_options={"timeout": 3600})
    return job


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL.rstrip("/") + url


def export_job_run(*, job_id: int) -> ExportJob | None:
    """The job's work: claim it (a job delivered twice runs once), stream the file, store it, tell the owner."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, updated_at=timezone.now()
    ):
        return None
    job = ExportJob.objects.select_related("owner", "vendor").get(pk=job_id)
    queryset = Product.objects.all() if job.vendor_id is None else Product.objects.filter(vendor_id=job.vendor_id)
    queryset = product_export_filter(queryset, **job.filters)
    ExportJob.objects.filter(pk=job.pk).update(total=queryset.count())

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=rows, updated_at=timezone.now())

    try:
        with tempfile.TemporaryFile() as out:
            rows = export_stream(queryset=queryset, fmt=job.fmt, staff=job.vendor_id is None, out=out,
                                 url_for=_absolute, progress=progress)
            out.seek(0)
            job.file.save(f"snobistic-products-{timezone.now():%Y%m%d-%H%M}.{job.fmt}", File(out), save=False)
    except Exception as exc:  # the job fails visibly; the owner sees why on the job page
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, file=job.file.name, done=rows, total=rows, finished_at=timezone.now()
    )
    job.refresh_from_db()
    notify(job.owner, "export_ready", {"job": job, "url": settings.SITE_URL.rstrip("/") + _page(job)})
    return job


def _page(job: ExportJob) -> str:
    return reverse("export_job" if job.vendor_id is None else "vendor_export_job", args=[job.pk])


def export_job_run_task(job_id: int) -> str | None:
    job = export_job_run(job_id=job_id)
    return None if job is None else f"{job.done} rows"
