"""Writing checked rows: listings in chunks (slugs, SKU codes in bulk), then their photos.

``product_import_rows`` is the whole run: check every row, and unless it is a dry run or a row is
wrong, write them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Attribute, Product
from ..services import product_image_add
from ..sku import sku_generate_many
from .checking import CheckedRow, ImportOutcome, Lookups, RowChecker, RowError, cell_text, row_preview
from .columns import CHUNK_SIZE
from .reading import PhotoArchive, fetch_image_url, header_index


def _assign_slugs(rows: list[CheckedRow], used: set[str]) -> None:
    def candidate(title):
        return f"{(slugify(title)[:150] or 'produs')}-{get_random_string(6).lower()}"

    pending = rows
    while pending:
        for row in pending:
            row.product.slug = candidate(row.product.title)
        wanted = [row.product.slug for row in pending]
        taken = set(Product.objects.filter(slug__in=wanted).values_list("slug", flat=True)) | used
        clashes, seen = [], set()
        for row in pending:
            if row.product.slug in taken or row.product.slug in seen:
                clashes.append(row)
            seen.add(row.product.slug)
        used.update(seen)
        pending = clashes


def _insert_listings(products: list[Product]) -> None:
    """Insert checked StoreProduct/AuctionProduct rows in a few statements instead of two per row.

    Django's bulk_create refuses multi-table models, so this does in bulk what ``save()`` does
    row by row: the Product rows (ids returned by the database), then each child table's rows
    through the same ``_insert`` that ``Model.save`` uses. No Product signal is listened to.
    """
    Product.objects.bulk_create(products)  # sets .id (RETURNING on PostgreSQL and SQLite)
    by_model: dict[type, list[Product]] = defaultdict(list)
    for product in products:
        product.product_ptr_id = product.id
        by_model[type(product)].append(product)
    for model, children in by_model.items():
        fields = list(model._meta.local_concrete_fields)
        size = max(1, 900 // len(fields))
        for start in range(0, len(children), size):
            model._base_manager._insert(children[start : start + size], fields=fields, using=Product.objects.db)
    for product in products:
        product._state.adding = False


@transaction.atomic
def _write_chunk(rows: list[CheckedRow], used_slugs: set[str]) -> None:
    _assign_slugs(rows, used_slugs)
    _insert_listings([row.product for row in rows])
    sku_generate_many((row.product.pk, row.prefix) for row in rows)
    Attribute.objects.bulk_create(
        Attribute(product_id=row.product.pk, name=name, value=value) for row in rows for name, value in row.attributes
    )


def _attach_photos(row: CheckedRow, archive: PhotoArchive | None, outcome: ImportOutcome) -> None:
    sources = [("image_files", name) for name in row.image_files] + [("image_urls", url) for url in row.image_urls]
    for column, source in sources:
        try:
            upload = archive.upload(source) if column == "image_files" else fetch_image_url(source)
            product_image_add(product=row.product, upload=upload)
            outcome.photos_added += 1
        except ValidationError as exc:
            why = "; ".join(str(m) for m in exc.messages)
            outcome.photo_errors.append(RowError(row.number, column, f"{source[:200]}: {why}"))


def product_import_rows(
    *,
    dataset: tablib.Dataset,
    vendor=None,
    staff: bool = False,
    photos: PhotoArchive | None = None,
    dry_run: bool,
    on_progress: Callable[[str, int], None] | None = None,
) -> ImportOutcome:
    """Check every row of a sheet and, unless ``dry_run`` or a row is wrong, write the listings.

    ``vendor`` is the shop the rows go to: for a vendor, always their own (a vendor column with
    another shop is refused); for staff (``staff=True``) the default for rows whose vendor column
    is empty. Photos are attached after the rows are written; a photo that cannot be used is
    reported in ``photo_errors`` and its listing stays, pending, without it.
    ``on_progress(phase, done)`` is called with phase "checking" or "writing".
    """
    if not staff and vendor is None:
        raise ValidationError(_("Only a shop can import listings."), code="no_vendor")
    progress = on_progress or (lambda phase, done: None)
    index = header_index(dataset.headers, staff=staff)
    checker = RowChecker(lookups=Lookups(staff=staff), index=index, vendor=vendor, staff=staff, archive=photos)
    outcome = ImportOutcome()
    rows: list[CheckedRow] = []
    for position, values in enumerate(dataset):
        if not any(cell_text(v) for v in values):
            continue  # a blank line
        outcome.total += 1
        row, errors = checker.check(position + 2, values)
        if errors:
            outcome.errors.extend(errors)
        else:
            rows.append(row)
            if len(outcome.preview) < 20:
                outcome.preview.append(row_preview(row))
        if outcome.total % CHUNK_SIZE == 0:
            progress("checking", outcome.total)
    progress("checking", outcome.total)
    if outcome.total == 0:
        outcome.errors.append(RowError(0, "", _("The file has no listing rows.")))
    if dry_run or outcome.errors:
        return outcome

    used_slugs: set[str] = set()
    done = 0
    for start in range(0, len(rows), CHUNK_SIZE):
        chunk = rows[start : start + CHUNK_SIZE]
        _write_chunk(chunk, used_slugs)
        outcome.product_ids.extend(row.product.pk for row in chunk)
        for row in chunk:
            if row.image_files or row.image_urls:
                _attach_photos(row, photos, outcome)
        done += len(chunk)
        progress("writing", done)
    return outcome
