"""SKU numbering is one module (marketplace/products/sku.py): the wizard and the import share
the prefix and the counter, so their codes never collide and follow one another."""

import pytest
import tablib

from marketplace.products.imports import product_import_rows
from marketplace.products.models import Brand, Category, SKUCode, SKUSequence
from marketplace.products.services import product_submit
from marketplace.products.sku import sku_code, sku_generate, sku_generate_many, sku_prefix
from tests.factories import approved_vendor, catalogue, store_product
from tests.products.imports.helpers import HEADER, row
from tests.products.test_listing_flow import with_photo

pytestmark = pytest.mark.django_db


def test_the_prefix_is_four_letters_of_the_brand_and_three_of_the_category():
    assert sku_prefix(brand=Brand(name="Hermès"), category=Category(slug="genti")) == "HERM-GEN"
    assert sku_prefix(brand=Brand(name="!!"), category=Category(slug="")) == "X-X"
    assert sku_code("HERM-GEN", 42) == "HERM-GEN-000042"


def test_wizard_and_import_number_from_one_counter():
    catalogue()
    vendor = approved_vendor()
    # Given a listing submitted through the wizard
    first = product_submit(product=with_photo(store_product(vendor, title="Kelly 25")))
    assert first.sku.code == "HERM-GEN-000001"
    # When a sheet of two pieces of the same brand and category is imported
    sheet = tablib.Dataset(headers=HEADER)
    for values in (row("Kelly 28"), row("Birkin 30")):
        sheet.append([values[column] for column in HEADER])
    outcome = product_import_rows(dataset=sheet, vendor=vendor, dry_run=False)
    assert outcome.ok and len(outcome.product_ids) == 2
    # Then the import went on from the wizard's number, and the wizard goes on after the import
    codes = sorted(SKUCode.objects.values_list("code", flat=True))
    assert codes == ["HERM-GEN-000001", "HERM-GEN-000002", "HERM-GEN-000003"]
    last = product_submit(product=with_photo(store_product(vendor, title="Kelly 32")))
    assert last.sku.code == "HERM-GEN-000004"
    assert SKUSequence.objects.get(prefix="HERM-GEN").last == 4


def test_many_codes_take_a_run_of_numbers_per_prefix():
    vendor = approved_vendor()
    a, b, c = (store_product(vendor, title=t) for t in ("A", "B", "C"))
    made = sku_generate_many([(a.pk, "HERM-GEN"), (b.pk, "CHAN-GEN"), (c.pk, "HERM-GEN")])
    assert {s.product_id: s.code for s in made} == {a.pk: "HERM-GEN-000001", b.pk: "CHAN-GEN-000001", c.pk: "HERM-GEN-000002"}
    assert sku_generate(product=a).code == "HERM-GEN-000001"  # made once
