"""Bulk import and export of listings as spreadsheets (CSV, XLSX), on django-import-export.

One row of the sheet is one listing. ``product_import_rows`` reads the rows, checks each
with the same rules as the wizard (the model's ``full_clean`` and its database constraints,
the platform's auction durations) and answers with every problem as *row, column, why*.
A dry run stops there and writes nothing. A real run writes nothing either when any row is
wrong; otherwise it writes the listings ``pending`` (submitted for validation, as a finished
wizard does) with their SKU codes, then attaches their photos: from a ZIP uploaded beside the
sheet (matched by file name) or fetched from the URLs in the row.

Row numbers are those of the spreadsheet: the header is row 1, the first listing row 2.

Speed: reference data (categories, brands, sizes, shops...) is read once per run into
dictionaries, slugs are checked and SKU numbers reserved per chunk of rows, SKU codes are
inserted in bulk. Rows are written in chunks, each in its own transaction, so a job's
progress is visible to the page that polls it; every row has been checked before the first
chunk is written.

The package, by step: ``columns`` (the sheet's columns and tunables), ``reading`` (the file and its
photos), ``checking`` (rows into unsaved listings or problems; ``constraints`` checks the model's
database constraints without queries), ``writing`` (the run: check, then write in chunks),
``exporting`` (export, template, codes), ``export_jobs`` (a big export as a streaming job) and ``jobs`` (an import as a job: upload, dry run,
confirmation, writing, progress). The names below are the package's public face.
"""

from .checking import ImportOutcome, RowError
from .columns import (
    CHUNK_SIZE,
    COLUMNS,
    EXPORT_ONLY_COLUMNS,
    FORMATS,
    MAX_PHOTOS_PER_ROW,
    REQUIRED_COLUMNS,
    STORED_ERRORS,
    VENDOR_COLUMN,
    import_columns,
    import_setting,
)
from .constraints import validate_model_constraints
from .export_jobs import export_job_run, export_job_start, export_stream, product_export_filter
from .exporting import ProductExportResource, export_file, product_export_queryset, reference_codes, template_file
from .jobs import import_files_purge, import_job_check, import_job_confirm, import_job_create, import_job_write
from .reading import PhotoArchive, count_rows, fetch_image_url, import_format, read_table
from .writing import product_import_rows

__all__ = [
    "CHUNK_SIZE",
    "COLUMNS",
    "EXPORT_ONLY_COLUMNS",
    "FORMATS",
    "MAX_PHOTOS_PER_ROW",
    "REQUIRED_COLUMNS",
    "STORED_ERRORS",
    "VENDOR_COLUMN",
    "ImportOutcome",
    "PhotoArchive",
    "ProductExportResource",
    "RowError",
    "count_rows",
    "export_file",
    "export_job_run",
    "export_job_start",
    "export_stream",
    "import_files_purge",
    "import_job_check",
    "import_job_confirm",
    "import_job_create",
    "import_job_write",
    "fetch_image_url",
    "import_columns",
    "import_format",
    "import_setting",
    "product_export_filter",
    "product_export_queryset",
    "product_import_rows",
    "read_table",
    "reference_codes",
    "template_file",
    "validate_model_constraints",
]
