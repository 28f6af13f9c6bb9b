"""Fill the catalogue with validated demo pieces (for browsing a full shop, and for `make bench-catalog`).

    python manage.py seed_catalogue --count 10000

Safe to run again: it only adds the demo pieces still missing (their slugs start with
"demo-"). Needs the reference catalogue and an approved vendor (``seed_demo``). Rows are
written in batches, straight into the tables, because Django's bulk_create does not handle
multi-table inheritance (Product → StoreProduct).
"""

import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from marketplace.products.models import (
    Brand,
    Category,
    Colour,
    ConditionGrade,
    ListingStatus,
    Product,
    ProductImage,
    ProductType,
    Size,
    StoreProduct,
    SubCategory,
)
from marketplace.vendors.models import VendorProfile

NOUNS = ["Geantă", "Rochie", "Sacou", "Pantofi", "Cămașă", "Pulover", "Eșarfă", "Curea", "Ochelari", "Palton"]
ADJECTIVES = ["de mătase", "din piele", "clasică", "vintage", "din cașmir", "de seară", "matlasată", "cu monogramă"]
SHADES = [(17, 17, 17), (168, 128, 42), (120, 30, 40), (210, 200, 185), (40, 60, 90), (90, 110, 80)]
BATCH = 1000


def _photo_paths(write_files: bool, photo_dir: str | None = None) -> list[dict]:
    """A few shared WebP renditions the demo pieces point at (written once)."""
    from django.core.files.storage import FileSystemStorage
    from PIL import Image

    storage = FileSystemStorage(location=photo_dir) if photo_dir else default_storage
    sets = []
    for index, colour in enumerate(SHADES):
        paths = {}
        for name, side in (("thumb", 320), ("card", 800), ("full", 1600)):
            path = f"demo/piece-{index}-{name}.webp"
            if write_files and not storage.exists(path):
                buffer = io.BytesIO()
                Image.new("RGB", (side * 4 // 5, side), colour).save(buffer, format="WEBP", quality=70)
                storage.save(path, ContentFile(buffer.getvalue()))
            paths[name] = path
        sets.append(paths)
    return sets


class Command(BaseCommand):
    help = "Add validated demo pieces to the catalogue until there are --count of them."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--no-photo-files", action="store_true",
            help="record photo paths without writing the files (a benchmark with remote media)",
        )
        parser.add_argument("--photo-dir", help="write the demo photos in this folder instead of the media storage")

    def handle(self, *args, count: int, seed: int, no_photo_files: bool, photo_dir: str | None = None, **options):
        rng = random.Random(seed)
        existing = Product.objects.filter(slug__startswith="demo-").count()
        missing = max(0, count - existing)
        if photo_dir:
            _photo_paths(write_files=True, photo_dir=photo_dir)
        if not missing:
            self.stdout.write(f"{existing} demo pieces already there.")
            return
        vendors = list(VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED))
        categories = list(Category.objects.filter(parent__isnull=True))
        brands, grades = list(Brand.objects.all()), list(ConditionGrade.objects.all())
        if not (vendors and categories and brands and grades):
            raise CommandError("Run `manage.py seed_demo` first: no approved vendor or reference catalogue.")
        subcategories = {c.pk: list(SubCategory.objects.filter(category=c)) for c in categories}
        sizes = {c.pk: list(Size.objects.filter(chart__categories=c)) for c in categories}
        photos = _photo_paths(write_files=not no_photo_files or bool(photo_dir), photo_dir=photo_dir)
        now = timezone.now()
        made = 0
        while made < missing:
            batch = min(BATCH, missing - made)
            with transaction.atomic():
                made += self._batch(rng, existing + made, batch, vendors, categories, subcategories, sizes, brands, grades, photos, now)
            self.stdout.write(f"{existing + made}/{count}")
        self.stdout.write(self.style.SUCCESS(f"{made} demo pieces added."))

    def _batch(self, rng, start, size, vendors, categories, subcategories, sizes, brands, grades, photos, now) -> int:
        products, prices = [], []
        for n in range(start, start + size):
            category = rng.choice(categories)
            brand = rng.choice(brands)
            title = f"{rng.choice(NOUNS)} {brand.name} {rng.choice(ADJECTIVES)}"
            products.append(
                Product(
                    vendor=rng.choice(vendors), title=title, slug=f"demo-{n}-{slugify(title)}"[:180],
                    description=f"{title}. Piesă de colecție verificată de echipa SNOBISTIC.",
                    category=category, subcategory=rng.choice(subcategories[category.pk] or [None]),
                    brand=brand, product_type=rng.choice(ProductType.values), condition=rng.choice(grades),
                    size=rng.choice(sizes[category.pk] or [None]), colour=rng.choice(Colour.values),
                    status=ListingStatus.VALIDATED, wizard_step=6, submitted_at=now, reviewed_at=now,
                )
            )
            prices.append(Decimal(rng.randrange(150, 25000)) + Decimal(rng.choice(["0.00", "0.50", "0.99"])))
        Product.objects.bulk_create(products)
        child = StoreProduct._meta
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(child.db_table)} (product_ptr_id, price, stock) VALUES (%s, %s, %s)",  # noqa: S608 (a model's table name)
                [(p.pk, price, 1) for p, price in zip(products, prices, strict=True)],
            )
        images = []
        for product in products:
            paths = rng.choice(photos)
            image = ProductImage(product=product, alt_text=product.title, is_primary=True, renditions=paths)
            image.original.name = image.image.name = paths["full"]
            images.append(image)
        ProductImage.objects.bulk_create(images)
        return len(products)
