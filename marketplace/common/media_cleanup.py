"""Stored files that no row points at any more: list them (dry run), then delete them.

A file is unused when no FileField/ImageField of any model names it and no JSONField holds
its name (the catalogue keeps its WebP renditions' names in ``ProductImage.renditions``),
and it is older than ``min_age`` (a day by default: a file being uploaded or processed right
now has no row yet). Works on any Django storage: S3 (django-storages) is listed page by page
with ``list_objects_v2`` (1,000 keys a page) and its LastModified; other storages are walked with
``listdir`` and ``get_modified_time``.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

S3_PAGE_SIZE = 1000


@dataclass
class MediaReport:
    scanned: int = 0
    referenced: int = 0
    too_recent: int = 0
    unused: list[str] = field(default_factory=list)
    deleted: int = 0
    dry_run: bool = True

    def summary(self) -> str:
        verb = "would delete" if self.dry_run else "deleted"
        count = len(self.unused) if self.dry_run else self.deleted
        return (f"{self.scanned} files scanned, {self.referenced} referenced, {self.too_recent} newer than the limit, "
                f"{verb} {count}")


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def referenced_names() -> set[str]:
    """Every file name a row holds (file fields, and strings inside JSON fields), one query per field."""
    names: set[str] = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                names.update(n for n in model._base_manager.exclude(**{model_field.attname: ""}).values_list(model_field.attname, flat=True).iterator() if n)
            elif isinstance(model_field, models.JSONField):
                for value in model._base_manager.exclude(**{f"{model_field.attname}__isnull": True}).values_list(model_field.attname, flat=True).iterator():
                    names.update(_strings(value))
    return names


def stored_files(storage) -> Iterator[tuple[str, dt.datetime]]:
    """(name, last modified) of every stored file; S3 page by page."""
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        prefix = (getattr(storage, "location", "") or "").strip("/")
        prefix = f"{prefix}/" if prefix else ""
        paginator = bucket.meta.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=bucket.name, Prefix=prefix, PaginationConfig={"PageSize": S3_PAGE_SIZE}):
            for item in page.get("Contents", []):
                yield item["Key"][len(prefix):], item["LastModified"]
        return
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            directories, files = storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        pending.extend(f"{folder}{d}/" for d in directories)
        for name in files:
            path = f"{folder}{name}"
            yield path, storage.get_modified_time(path)


def clean_unused_media(*, dry_run: bool = True, storage=None, min_age: dt.timedelta = dt.timedelta(days=1), now=None) -> MediaReport:
    """List (``dry_run``) or delete the stored files nothing references and older than ``min_age``."""
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - min_age
    keep = referenced_names()
    report = MediaReport(dry_run=dry_run)
    for name, modified in stored_files(storage):
        report.scanned += 1
        if name in keep:
            report.referenced += 1
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified, dt.UTC)
        if modified > cutoff:
            report.too_recent += 1
            continue
        report.unused.append(name)
        if not dry_run:
            storage.delete(name)
            report.deleted += 1
    return report


def clean_unused_media_task(dry_run: bool = False) -> str:
    """The seed's ``clean_unused_media`` job (config/schedules.py, nightly): deletes, and says what."""
    return clean_unused_media(dry_run=dry_run).summary()
