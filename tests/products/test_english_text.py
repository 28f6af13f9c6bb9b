"""A listing's optional English title and description: written by the vendor (wizard, import), shown to
buyers who browse in English, searched in both languages; the demo shop fills them for every piece."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from marketplace.customers.catalogue import CatalogueFilters, catalogue_page
from marketplace.products.demo.pieces import ENGLISH, PIECES, describe_en, title_en
from marketplace.products.models import Product, StoreProduct
from marketplace.products.services import product_step_save
from tests.factories import approved_vendor, catalogue, login_with_second_factor, store_product
from tests.products.imports.helpers import confirm, csv_file, row, upload

pytestmark = pytest.mark.django_db

NO_CACHE = override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})


def english_piece(vendor, **extra):
    return store_product(
        vendor, status="validated", title="Geantă Kelly 28 Epsom", title_en="Kelly 28 bag in Epsom leather",
        description="Silueta trapezoidală clasică, cu baretă de umăr.",
        description_en="The classic trapeze silhouette, with a shoulder strap.", **extra,
    )


def test_the_buyers_language_picks_the_text_and_romanian_stays_when_no_english_was_written():
    vendor = approved_vendor()
    piece = english_piece(vendor)
    plain = store_product(vendor, status="validated", title="Pantofi So Kate 120", description="Toc de 12 cm.")
    with translation.override("en"):
        assert piece.display_title == "Kelly 28 bag in Epsom leather"
        assert piece.display_description.startswith("The classic trapeze")
        assert plain.display_title == "Pantofi So Kate 120" and plain.display_description == "Toc de 12 cm."
    with translation.override("ro"):
        assert piece.display_title == "Geantă Kelly 28 Epsom"
        assert piece.display_description.startswith("Silueta")


@NO_CACHE
def test_product_page_and_catalogue_card_show_the_english_text_in_english(client):
    piece = english_piece(approved_vendor())
    ro = client.get(f"/products/{piece.pk}/").content.decode()
    assert "<h1>Geantă Kelly 28 Epsom</h1>" in ro and "Silueta trapezoidală" in ro and "Kelly 28 bag" not in ro
    client.cookies["django_language"] = "en"
    en = client.get(f"/products/{piece.pk}/").content.decode()
    assert "<h1>Kelly 28 bag in Epsom leather</h1>" in en and "The classic trapeze silhouette" in en
    assert '"name": "Kelly 28 bag in Epsom leather"' in en  # the structured data follows the language
    cards = client.get("/pwa/api/catalog/products").json()
    titles = [card["title"] for card in cards["items"]]
    assert titles == ["Kelly 28 bag in Epsom leather"]


def test_the_search_finds_a_piece_by_its_english_or_romanian_words():
    vendor = approved_vendor()
    piece = english_piece(vendor)
    store_product(vendor, status="validated", title="Pantofi So Kate 120")
    for words in ("trapeze silhouette", "Epsom leather", "baretă", "kelly"):
        page = catalogue_page(filters=CatalogueFilters(q=words), sort="relevance")
        assert [p.pk for p in page.items] == [piece.pk], words
    # An English text written later is found too (the index follows every change).
    piece.title_en = "Kelly shoulder bag, gold hardware"
    piece.save()
    assert [p.pk for p in catalogue_page(filters=CatalogueFilters(q="hardware"), sort="relevance").items] == [piece.pk]


def test_the_wizard_saves_the_english_title_and_description(client):
    cat = catalogue()
    vendor = approved_vendor()
    login_with_second_factor(client, vendor.user)
    response = client.post(reverse("product_add_step1"), {
        "title": "Geantă Kelly 28 Epsom", "title_en": "Kelly 28 bag", "category": cat["category"].pk,
        "subcategory": cat["subcategory"].pk, "brand": cat["brand"].pk, "product_type": "preloved",
        "condition": cat["condition"].pk,
    })
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.title_en == "Kelly 28 bag"
    for step in (2, 3, 4):
        product.wizard_step = max(product.wizard_step, step + 1)
    product.save()
    product_step_save(product=product, step=5, data={
        "description": "Silueta trapezoidală clasică, cu baretă de umăr detașabilă.", "description_en": "Classic shape.",
        "serial_number": "", "authenticity_notes": "",
    })
    product.refresh_from_db()
    assert product.description_en == "Classic shape."


def test_a_validated_listing_whose_english_text_changes_goes_back_to_review():
    piece = english_piece(approved_vendor())
    product_step_save(product=piece, step=1, data={
        "title": piece.title, "title_en": "Kelly bag", "category": piece.category, "subcategory": piece.subcategory,
        "brand": piece.brand, "product_type": piece.product_type, "condition": piece.condition,
    })
    piece.refresh_from_db()
    assert piece.status == "pending"


def test_the_import_reads_and_the_export_writes_the_english_columns(client, django_capture_on_commit_callbacks):
    catalogue()
    vendor = approved_vendor(shop_name="Atelier A", slug="atelier-a")
    login_with_second_factor(client, vendor.user)
    rows = [row("Geantă Kelly 28", title_en="Kelly 28 bag", description_en="Classic trapeze shape.")]
    job = upload(client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)
    confirm(client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)
    product = StoreProduct.objects.get()
    assert (product.title_en, product.description_en) == ("Kelly 28 bag", "Classic trapeze shape.")
    exported = client.get(reverse("export_csv") + "?format=csv").content.decode("utf-8-sig")
    header = exported.splitlines()[0].split(",")
    assert {"title_en", "description_en"} <= set(header) and "Kelly 28 bag" in exported


def test_every_demo_piece_has_its_english_title_and_sentence():
    assert {piece.title for piece in PIECES} == set(ENGLISH)
    for piece in PIECES:
        english = describe_en(piece, colour=piece.colours[0], material_name="Leather", condition_slug="excelent")
        assert title_en(piece) and not set("ăâîșțĂÂÎȘȚ") & set(title_en(piece) + english)
        assert english.startswith(ENGLISH[piece.title][1]) and "Authenticity checked" in english
