"""Spreadsheet imports as jobs: upload, dry run (checking), confirmation, writing, progress.

A small file is checked and written inside the request; a bigger one (more than
``PRODUCT_IMPORT_INLINE_MAX_ROWS`` rows, or one with photos to fetch) goes to a django-q2 job
and the back office polls its progress. Both ways run the same functions below, which call
``product_import_rows`` (``writing``). Tasks take the job id and claim the job by moving its
status, so a job delivered twice runs once. The back offices' pages only call these.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.common.jobs import enqueue_after_commit

from ..models import ImportJob
from .columns import STORED_ERRORS, import_setting
from .reading import PhotoArchive, count_rows, import_format, read_table
from .writing import product_import_rows

TASK_TIMEOUT_SECONDS = 3600  # photos fetched for thousands of rows take a while
FILES_KEPT_DAYS = 30


def _needs_job(*, rows: int, has_photos: bool) -> bool:
    return has_photos or rows > import_setting("PRODUCT_IMPORT_INLINE_MAX_ROWS")


def _start(job: ImportJob, task, *, in_background: bool) -> None:
    """Run ``task(job.pk)`` once the job row is committed: inside this request, or as a django-q2 job."""
    if not in_background:
        transaction.on_commit(lambda: task(job.pk))
        return

    enqueue_after_commit(
        task, job.pk,
        q_options={"timeout": TASK_TIMEOUT_SECONDS, "task_name": f"import-{job.pk}-{task.__name__}"},
        on_queued=lambda task_id: ImportJob.objects.filter(pk=job.pk).update(task_id=task_id[:64]),
    )


@transaction.atomic
def import_job_create(*, owner, vendor, for_staff: bool, source, photos=None) -> ImportJob:
    """Keep the uploaded sheet (and ZIP) and start the dry run; ValidationError for an unusable file."""
    if not for_staff and vendor is None:
        raise ValidationError(_("Only a shop can import listings."), code="no_vendor")
    import_format(source.name)
    content = source.read()
    rows = count_rows(name=source.name, content=content)
    source.seek(0)
    if photos is not None and not photos.name.lower().endswith(".zip"):
        raise ValidationError({"photos": _("The photo archive must be a ZIP file.")}, code="bad_zip")
    job = ImportJob(owner=owner, vendor=vendor, for_staff=for_staff, total=0)
    job.source.save(source.name.rsplit("/", 1)[-1][:100], source, save=False)
    if photos is not None:
        job.photos.save(photos.name.rsplit("/", 1)[-1][:100], photos, save=False)
    job.save()
    _start(job, import_job_check_task, in_background=_needs_job(rows=rows, has_photos=False))
    return job


def _claim(job_id: int, *, from_status: str, to_status: str) -> ImportJob | None:
    claimed = ImportJob.objects.filter(pk=job_id, status=from_status).update(
        status=to_status, done=0, updated_at=timezone.now()
    )
    return ImportJob.objects.select_related("vendor").get(pk=job_id) if claimed else None


def _open_inputs(job: ImportJob):
    if not job.source:
        raise ValidationError(ngettext(
            "The uploaded file is kept for %(n)s day only; upload it again.",
            "The uploaded file is kept for %(n)s days only; upload it again.", FILES_KEPT_DAYS,
        ) % {"n": FILES_KEPT_DAYS})
    with job.source.open("rb") as handle:
        dataset = read_table(name=job.source.name, content=handle.read())
    archive = None
    if job.photos:
        archive = PhotoArchive(job.photos.open("rb"))
    return dataset, archive


def _progress(job: ImportJob):
    def report(phase: str, done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=max(done, job.total), updated_at=timezone.now())

    return report


def _finish(job: ImportJob, **values) -> ImportJob:
    values.setdefault("finished_at", timezone.now())
    for name, value in values.items():
        setattr(job, name, value)
    job.save(update_fields=[*values, "updated_at"])
    return job


def _errors(outcome) -> dict:
    return {
        "errors": [e.as_dict() for e in outcome.errors[:STORED_ERRORS]],
        "error_count": len(outcome.errors),
    }


def import_job_check(*, job_id: int) -> ImportJob | None:
    """The dry run: check every row, keep the problems and a preview, write no listing."""
    job = _claim(job_id, from_status=ImportJob.Status.QUEUED, to_status=ImportJob.Status.CHECKING)
    if job is None:
        return None  # already checked (a job delivered twice)
    try:
        dataset, archive = _open_inputs(job)
        job.total = sum(1 for values in dataset if any(v not in (None, "") for v in values))
        ImportJob.objects.filter(pk=job.pk).update(total=job.total)
        outcome = product_import_rows(
            dataset=dataset, vendor=job.vendor, staff=job.for_staff, photos=archive, dry_run=True,
            on_progress=_progress(job),
        )
    except ValidationError as exc:
        return _finish(
            job, status=ImportJob.Status.INVALID, done=0, error_count=1,
            errors=[{"row": 0, "column": "", "message": "; ".join(exc.messages)}],
        )
    except Exception:
        _finish(job, status=ImportJob.Status.FAILED, error_count=1, errors=[{"row": 0, "column": "", "message": _("The file could not be checked; see the server log.")}])
        raise
    status = ImportJob.Status.READY if outcome.ok else ImportJob.Status.INVALID
    return _finish(
        job, status=status, total=outcome.total, done=outcome.total, preview=outcome.preview,
        finished_at=None if outcome.ok else timezone.now(), **_errors(outcome),
    )


@transaction.atomic
def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """The uploader confirms a clean dry run: the listings are written (now, or by a job)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.READY:
        raise ValidationError(_("Only a checked import without errors can be confirmed."), code="invalid_state")
    job.status = ImportJob.Status.CONFIRMED
    job.done = 0
    job.save(update_fields=["status", "done", "updated_at"])
    has_photos = bool(job.photos) or any(row.get("photos") for row in job.preview)
    _start(job, import_job_write_task, in_background=_needs_job(rows=job.total, has_photos=has_photos))
    return job


def import_job_write(*, job_id: int) -> ImportJob | None:
    """Write the listings of a confirmed import (checked again first: nothing is written if a row went bad)."""
    job = _claim(job_id, from_status=ImportJob.Status.CONFIRMED, to_status=ImportJob.Status.IMPORTING)
    if job is None:
        return None
    try:
        dataset, archive = _open_inputs(job)
        outcome = product_import_rows(
            dataset=dataset, vendor=job.vendor, staff=job.for_staff, photos=archive, dry_run=False,
            on_progress=_progress(job),
        )
    except ValidationError as exc:
        return _finish(job, status=ImportJob.Status.FAILED, errors=[{"row": 0, "column": "", "message": "; ".join(exc.messages)}], error_count=1)
    except Exception:
        written = ImportJob.objects.get(pk=job.pk).done
        _finish(
            job, status=ImportJob.Status.FAILED, error_count=1,
            errors=[{"row": 0, "column": "", "message": _("The import stopped after %(n)s rows; see the server log.") % {"n": written}}],
        )
        raise
    if not outcome.ok:
        return _finish(job, status=ImportJob.Status.INVALID, done=0, **_errors(outcome))
    return _finish(
        job, status=ImportJob.Status.DONE, total=outcome.total, done=outcome.total,
        created_count=len(outcome.product_ids), photos_added=outcome.photos_added,
        photo_errors=[e.as_dict() for e in outcome.photo_errors[:STORED_ERRORS]],
    )


def import_files_purge(*, older_than_days: int = FILES_KEPT_DAYS) -> int:
    """Delete the uploaded sheets and ZIPs of imports finished (or abandoned) that long ago.

    A vendor's spreadsheet is their business; the job row stays as the record of who imported
    what, with its counts and errors. Safe to run twice: a purged job has no file left to find.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted = 0
    old_jobs = ImportJob.objects.filter(updated_at__lt=cutoff).exclude(source="")
    for job in old_jobs.exclude(status__in=[ImportJob.Status.CHECKING, ImportJob.Status.IMPORTING]).iterator():
        for field in (job.source, job.photos):
            if field and field.storage.exists(field.name):
                field.storage.delete(field.name)
                deleted += 1
        ImportJob.objects.filter(pk=job.pk).update(source="", photos="")
    return deleted


# --- django-q2 entry points (ids in, safe to run twice) ----------------------------------------
def import_job_check_task(job_id: int) -> str | None:
    job = import_job_check(job_id=job_id)
    return job.status if job else None


def import_job_write_task(job_id: int) -> str | None:
    job = import_job_write(job_id=job_id)
    return job.status if job else None


def import_files_purge_task() -> int:
    return import_files_purge()
