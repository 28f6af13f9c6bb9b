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
from collections import defaultdict

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit
from marketplace.notifications.services import notify

from ..models import ExportJob, Product, ProductImage
from .exporting import ProductExportResource, _cell, product_export_queryset

CHUNK = 2000
FILTERS = ("status", "category_id", "brand_id", "product_type", "vendor_id")


def product_export_filter(queryset, *, status="", category_id=None, brand_id=None, product_type="", vendor_id=None):
    """The listings an export reads, by the export form's filters (empty: any)."""
    conditions = {"status": status, "category_id": category_id, "brand_id": brand_id, "product_type": product_type,
                  "vendor_id": vendor_id}
    return queryset.filter(**{name: value for name, value in conditions.items() if value not in (None, "")})


# The columns ``export_rows`` writes, in ProductExportResource's order (a test holds the two equal, row for row).
FAST_COLUMNS = (
    "id", "sku", "status", "title", "description", "title_en", "description_en", "category", "subcategory", "brand",
    "product_type", "condition", "size", "colour", "material", "dimensions", "serial", "price", "stock",
    "starting_price", "reserve_price", "bid_increment", "duration_hours", "image_urls",
)
_VALUES = (
    "pk", "sku__code", "status", "title", "description", "title_en", "description_en", "category__slug",
    "subcategory__slug", "brand__name", "product_type", "condition__slug", "size__eu", "colour", "material__slug",
    "dimensions", "serial_number", "storeproduct__price", "storeproduct__stock", "auctionproduct__starting_price",
    "auctionproduct__reserve_price", "auctionproduct__bid_increment", "auctionproduct__duration_hours",
    "storeproduct__pk", "auctionproduct__pk", "vendor__slug",
)


def _text(value) -> str:
    return "" if value is None else str(value)


def export_rows(*, queryset, staff: bool, url_for=None, progress=None):
    """The export's rows as plain lists, read as tuples (``values_list``) in primary-key chunks: two queries per
    ``CHUNK`` listings (the rows with their joins, then their photos), no model instance built. Writes the same
    cells as ``ProductExportResource`` (formula-safe text, the same number and empty-cell rules)."""
    url_for = url_for or (lambda url: url)
    url = default_storage.url
    ordered = queryset.order_by("pk").values_list(*_VALUES)
    last_pk, rows = 0, 0
    while True:
        chunk = list(ordered.filter(pk__gt=last_pk)[:CHUNK])
        if not chunk:
            return
        photos = defaultdict(list)
        for product_id, name in (
            ProductImage.objects.filter(product_id__in=[row[0] for row in chunk]).exclude(image="")
            .order_by("product", "position", "id").values_list("product_id", "image")
        ):
            photos[product_id].append(url_for(url(name)))
        for (pk, sku, status, title, description, title_en, description_en, category, subcategory, brand,
             product_type, condition, size, colour, material, dimensions, serial, price, stock, starting,
             reserve, increment, hours, store_pk, auction_pk, vendor) in chunk:
            store, auction = store_pk is not None, store_pk is None and auction_pk is not None
            row = [
                str(pk), sku or "", _text(status), _cell(title), _cell(description), _cell(title_en),
                _cell(description_en), _text(category), _text(subcategory), _text(brand), _text(product_type),
                _text(condition), _text(size), _text(colour), _text(material),
                "; ".join(f"{k}={v}" for k, v in (dimensions or {}).items()), _cell(serial),
                str(price) if store else "", stock if store else "",
                str(starting) if auction else "", str(reserve) if auction and reserve is not None else "",
                str(increment) if auction and increment is not None else "", hours if auction else "",
                " | ".join(photos.get(pk, ())),
            ]
            if staff:
                row.append(_text(vendor))
            yield row
        rows += len(chunk)
        last_pk = chunk[-1][0]
        if progress is not None:
            progress(rows)


def _resource_rows(*, queryset, resource, progress=None):
    """The slower path through django-import-export, kept for a column set ``export_rows`` does not know."""
    rows, last_pk = 0, 0
    ordered = queryset.order_by("pk")
    while True:
        chunk = list(product_export_queryset(ordered.filter(pk__gt=last_pk))[:CHUNK])
        if not chunk:
            return
        for listing in chunk:
            yield resource.export_resource(listing)
        rows += len(chunk)
        last_pk = chunk[-1].pk
        if progress is not None:
            progress(rows)


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
    if headers == [*FAST_COLUMNS, *(("vendor",) if staff else ())]:
        source = export_rows(queryset=queryset, staff=staff, url_for=url_for, progress=progress)
    else:
        source = _resource_rows(queryset=queryset, resource=resource, progress=progress)
    rows = 0
    for row in source:
        append(row)
        rows += 1
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
