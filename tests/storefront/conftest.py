from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import approved_vendor, catalogue, customer, jpeg_bytes, store_product


@pytest.fixture
def vendor():
    return approved_vendor()


@pytest.fixture
def buyer():
    return customer()


def public_piece(vendor, *, title="Geantă Birkin 30", price="1200.00", photo=False, **extra):
    """A validated fixed-price piece, as staff leave it after review."""
    from marketplace.products.models import ProductImage

    fixed = {key: extra.pop(key) for key in ("category", "subcategory", "brand", "condition", "product_type") if key in extra}
    product = store_product(vendor, status="validated", title=title, price=price, **extra)
    if fixed:
        for key, value in fixed.items():
            setattr(product, key, value)
        product.save()
    if photo:
        image = ProductImage(product=product, alt_text=title, is_primary=True)
        image.original.save("p.jpg", SimpleUploadedFile("p.jpg", jpeg_bytes()), save=False)
        image.image.name = image.original.name
        image.renditions = {"thumb": f"products/{product.pk}/r/t.webp", "card": f"products/{product.pk}/r/c.webp"}
        image.save()
    return product


def sized_category():
    """Shoes: a top category with a size chart of EU 38 / 39 (IT 38 / 39, US 8 / 9)."""
    from marketplace.products.models import Category, Size, SizeChart

    shoes, _ = Category.objects.get_or_create(slug="pantofi", defaults={"name": "Pantofi", "name_en": "Shoes"})
    chart, _ = SizeChart.objects.get_or_create(slug="pantofi-dama", defaults={"name": "Pantofi damă"})
    chart.categories.add(shoes)
    s38, _ = Size.objects.get_or_create(chart=chart, position=1, defaults={"eu": "38", "it": "38", "fr": "39", "us": "8", "uk": "5"})
    s39, _ = Size.objects.get_or_create(chart=chart, position=2, defaults={"eu": "39", "it": "39", "fr": "40", "us": "9", "uk": "6"})
    return shoes, s38, s39


__all__ = ["Decimal", "catalogue", "public_piece", "sized_category"]

