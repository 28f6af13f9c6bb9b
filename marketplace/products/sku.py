"""SKU numbering, written once for the listing wizard and the spreadsheet import.

A code reads ``BRAND-CAT-000123``: four letters of the brand, three of the category, then a
number counted per prefix. The counter row (``SKUSequence``) is locked while numbers are taken,
so two vendors submitting at once, or an import running beside the wizard, never get the same
code; an import reserves a run of numbers per prefix in one step.
"""

import re
from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from .models import Product, SKUCode, SKUSequence


def _letters(value: str, length: int) -> str:
    letters = re.sub(r"[^A-Z0-9]", "", slugify(value).upper())
    return (letters or "X")[:length]


def sku_prefix(*, brand, category) -> str:
    """The BRAND-CAT part of a code (``HERM-GEN``), shared by the wizard and the import."""
    return f"{_letters(brand.name, 4)}-{_letters(category.slug, 3)}"


def sku_code(prefix: str, number: int) -> str:
    return f"{prefix}-{number:06d}"


def sku_numbers_reserve(*, prefix: str, count: int = 1) -> int:
    """Take ``count`` consecutive numbers of ``prefix`` under the counter's row lock; returns the first.

    Call it inside a transaction: the lock is held until it ends.
    """
    SKUSequence.objects.get_or_create(prefix=prefix)
    sequence = SKUSequence.objects.select_for_update().get(prefix=prefix)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return first


@transaction.atomic
def sku_generate(*, product: Product) -> SKUCode:
    """The product's SKU, made once (the wizard, on submission)."""
    existing = SKUCode.objects.filter(product=product).first()
    if existing is not None:
        return existing
    prefix = sku_prefix(brand=product.brand, category=product.category)
    return SKUCode.objects.create(product=product, code=sku_code(prefix, sku_numbers_reserve(prefix=prefix)))


@transaction.atomic
def sku_generate_many(rows: Iterable[tuple[int, str]]) -> list[SKUCode]:
    """Codes for new listings given as (product id, prefix), a run of numbers per prefix (the import).

    Prefixes are locked in a fixed order, so two imports never lock counters crosswise.
    """
    by_prefix: dict[str, list[int]] = {}
    for product_id, prefix in rows:
        by_prefix.setdefault(prefix, []).append(product_id)
    codes = []
    for prefix in sorted(by_prefix):
        first = sku_numbers_reserve(prefix=prefix, count=len(by_prefix[prefix]))
        codes += [SKUCode(product_id=pk, code=sku_code(prefix, first + n)) for n, pk in enumerate(by_prefix[prefix])]
    return SKUCode.objects.bulk_create(codes)
