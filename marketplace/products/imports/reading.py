"""Reading an upload: the sheet (CSV or XLSX) with its header, and the photos beside it (a ZIP or URLs)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV

from marketplace.common.fetch import fetch_url, too_large_error

from .columns import (
    ATTRIBUTE_COLUMN,
    ATTRIBUTE_COLUMN_PREFIXES,
    EXPORT_ONLY_COLUMNS,
    FORMATS,
    REQUIRED_COLUMNS,
    import_columns,
    import_setting,
)


# --- Reading the file ---------------------------------------------------------------------------
def import_format(name: str):
    """The django-import-export format for a file name (``.csv`` or ``.xlsx``), or ValidationError."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise ValidationError(_("Upload a CSV or XLSX file."), code="format")
    return FORMATS[extension]


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1250", errors="replace")  # a CSV saved by Excel on Romanian Windows


def count_rows(*, name: str, content: bytes) -> int:
    """A quick estimate of the rows in a file (never fewer than there are), to choose inline or job."""
    fmt = import_format(name)
    if fmt is CSV:
        return max(content.count(b"\n") - 1 + (0 if content.endswith(b"\n") else 1), 0)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return max((book.active.max_row or 1) - 1, 0)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ValidationError(_("This XLSX file cannot be read."), code="unreadable") from exc


def read_table(*, name: str, content: bytes) -> tablib.Dataset:
    """The sheet as a tablib Dataset (first sheet of an XLSX), or ValidationError."""
    fmt = import_format(name)
    max_rows = import_setting("PRODUCT_IMPORT_MAX_ROWS")
    if count_rows(name=name, content=content) > max_rows * 2 + 10:
        raise ValidationError(_("A file can hold at most %(n)s rows.") % {"n": max_rows}, code="too_many_rows")
    try:
        if fmt is CSV:
            text = _decode(content)
            first_line = text.split("\n", 1)[0]
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            dataset = fmt().create_dataset(text, delimiter=delimiter)
        else:
            dataset = fmt().create_dataset(content)
    except Exception as exc:  # tablib/openpyxl/csv raise many kinds on a broken file
        raise ValidationError(_("This file cannot be read as %(format)s.") % {"format": name.rsplit(".", 1)[-1].upper()}, code="unreadable") from exc
    if not dataset.headers or not any(dataset.headers):
        raise ValidationError(_("The first row must name the columns (download the template)."), code="no_header")
    if dataset.height > max_rows:
        raise ValidationError(_("A file can hold at most %(n)s rows.") % {"n": max_rows}, code="too_many_rows")
    return dataset


def header_index(headers: Iterable, *, staff: bool) -> dict[str, int]:
    known = {name for name, _help in import_columns(staff=staff)} | {"vendor"} | set(EXPORT_ONLY_COLUMNS)
    index, unknown, repeated = {}, [], []
    for position, raw in enumerate(headers):
        name = str(raw or "").strip().lower().replace(" ", "_").replace("-", "_")
        if not name:
            continue
        prefix = next((p for p in ATTRIBUTE_COLUMN_PREFIXES if str(raw).strip().lower().startswith(p)), None)
        if prefix is not None:  # one detail per column, named as the header writes it
            detail = " ".join(str(raw).strip()[len(prefix) :].split())
            if not detail:
                unknown.append(str(raw))
                continue
            name = f"{ATTRIBUTE_COLUMN}{detail}"
            if any(key.casefold() == name.casefold() for key in index):
                repeated.append(str(raw))
            else:
                index[name] = position
            continue
        if name not in known:
            unknown.append(str(raw))
        elif name in index:
            repeated.append(name)
        else:
            index[name] = position
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if repeated:
        problems.append(_("Columns given twice: %(names)s.") % {"names": ", ".join(repeated)})
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        raise ValidationError(" ".join(problems), code="columns")
    return index


# --- Photos: a ZIP beside the sheet, or addresses to fetch ------------------------------------
class PhotoArchive:
    """The uploaded ZIP of photos, looked up by file name (folders and letter case ignored)."""

    def __init__(self, file):
        try:
            self.zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValidationError(_("The photo archive is not a ZIP file."), code="bad_zip") from exc
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self.repeated: set[str] = set()
        for info in self.zip.infolist():
            if info.is_dir():
                continue
            key = info.filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
            if not key or key.startswith("."):
                continue
            if key in self.entries:
                self.repeated.add(key)
            self.entries[key] = info

    def check(self, name: str) -> str | None:
        """Why this name cannot be used, or None."""
        key = name.lower()
        if key not in self.entries:
            return _("%(name)s is not in the ZIP.") % {"name": name}
        if key in self.repeated:
            return _("%(name)s is in the ZIP more than once.") % {"name": name}
        return None

    def upload(self, name: str) -> SimpleUploadedFile:
        info = self.entries[name.lower()]
        if info.file_size > settings.PRODUCT_IMAGE_MAX_BYTES:  # refuse before inflating it
            raise too_large_error(settings.PRODUCT_IMAGE_MAX_BYTES)
        with self.zip.open(info) as handle:
            data = handle.read(settings.PRODUCT_IMAGE_MAX_BYTES + 1)
        return SimpleUploadedFile(name, data)


def fetch_image_url(url: str) -> SimpleUploadedFile:
    """Download one photo through the platform's safe fetcher (``marketplace.common.fetch``).

    The bytes are checked as a photo by ``product_image_add`` (the same validator as uploads).
    """
    timeout = (import_setting("PRODUCT_IMPORT_FETCH_CONNECT_TIMEOUT"), import_setting("PRODUCT_IMPORT_FETCH_READ_TIMEOUT"))
    return fetch_url(url, max_bytes=settings.PRODUCT_IMAGE_MAX_BYTES, timeout=timeout, user_agent="SNOBISTIC-import/1")
