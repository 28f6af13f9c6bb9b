"""Fill the catalogue with validated demo pieces (for browsing a full shop, and for `make bench-catalog`).

The pieces come from a curated table (marketplace.products.demo.pieces: brand, model, category,
material, Romanian description) and their photos are drawn per kind of piece (demo.pictures),
through the upload checks and renditions, once per look.

    python manage.py seed_catalogue --count 10000

Safe to run again: it only adds the demo pieces still missing (their slugs start with
"demo-"). Needs the reference catalogue and an approved vendor (``seed_demo``). Rows are
written in batches, straight into the tables, because Django's bulk_create does not handle
multi-table inheritance (Product → StoreProduct).
"""

import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from marketplace.products.demo.photos import REMOTE_MEDIA_FLAG, REMOTE_MEDIA_HELP, demo_media_writable, demo_photo_paths
from marketplace.products.demo.pieces import PIECES, describe, describe_en, title_en
from marketplace.products.models import (
    Brand,
    ConditionGrade,
    ListingStatus,
    Material,
    Product,
    ProductImage,
    Size,
    StoreProduct,
    SubCategory,
)
from marketplace.vendors.models import VendorProfile

BATCH = 1000
LOOKS_PER_COLOUR = 1  # drawn variants (backdrop tone, dial...) per kind and colour; more cost time


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
        parser.add_argument(REMOTE_MEDIA_FLAG, action="store_true", help=REMOTE_MEDIA_HELP)

    def handle(self, *args, count: int, seed: int, no_photo_files: bool, photo_dir: str | None = None,
               write_remote_media: bool = False, **options):
        rng = random.Random(seed)
        existing = Product.objects.filter(slug__startswith="demo-").count()
        missing = max(0, count - existing)
        if not missing:
            self.stdout.write(f"{existing} demo pieces already there.")
            return
        vendors = list(VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED))
        grades = list(ConditionGrade.objects.order_by("rank"))
        reference = {
            "brands": {b.name: b for b in Brand.objects.all()},
            "subcategories": {(s.category.slug, s.slug): s for s in SubCategory.objects.select_related("category")},
            "materials": {m.slug: m for m in Material.objects.all()},
            "sizes": {},
        }
        for size in Size.objects.select_related("chart"):
            reference["sizes"].setdefault(size.chart.slug, []).append(size)
        wanted_brands = {piece.brand for piece in PIECES}
        if not (vendors and grades and wanted_brands <= set(reference["brands"])):
            raise CommandError("Run `manage.py seed_demo` first: no approved vendor or reference catalogue.")
        write_files = not no_photo_files or bool(photo_dir)
        if write_files and not photo_dir and not demo_media_writable(allow_remote=write_remote_media):
            self.stdout.write(f"The media storage is remote: demo photo files are not written ({REMOTE_MEDIA_FLAG} writes them).")
        photos = demo_photo_paths(write_files=write_files, photo_dir=photo_dir, allow_remote=write_remote_media)
        now = timezone.now()
        made = 0
        while made < missing:
            batch = min(BATCH, missing - made)
            with transaction.atomic():
                made += self._batch(rng, existing + made, batch, vendors, reference, grades, photos, now)
            self.stdout.write(f"{existing + made}/{count}")
        self.stdout.write(self.style.SUCCESS(f"{made} demo pieces added."))

    def _batch(self, rng, start, size, vendors, reference, grades, photos, now) -> int:
        products, prices, looks = [], [], []
        for n in range(start, start + size):
            piece = PIECES[n % len(PIECES)]
            colour = rng.choice(piece.colours)
            product_type = rng.choice(["preloved", "preloved", "new", "outlet"])
            grade = grades[0] if product_type != "preloved" else rng.choice(grades[2:5])
            material = reference["materials"][piece.material]
            subcategory = reference["subcategories"][(piece.category, piece.subcategory)]
            sizes = reference["sizes"].get(piece.size_chart or "", [])
            products.append(
                Product(
                    vendor=rng.choice(vendors), title=piece.title, title_en=title_en(piece), slug=f"demo-{n}-{slugify(piece.title)}"[:180],
                    description=describe(piece, colour=colour, material_name=material.name, condition_slug=grade.slug),
                    description_en=describe_en(piece, colour=colour, material_name=material.name_en or material.name,
                                               condition_slug=grade.slug),
                    category=subcategory.category, subcategory=subcategory, brand=reference["brands"][piece.brand],
                    product_type=product_type, condition=grade, size=rng.choice(sizes) if sizes else None,
                    colour=colour, material=material,
                    status=ListingStatus.VALIDATED, wizard_step=6, submitted_at=now, reviewed_at=now,
                )
            )
            low, high = piece.price
            prices.append(Decimal(rng.randrange(low, high) // 10 * 10))
            looks.append((piece.kind, colour, rng.randrange(LOOKS_PER_COLOUR)))
        Product.objects.bulk_create(products)
        child = StoreProduct._meta
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(child.db_table)} (product_ptr_id, price, stock) VALUES (%s, %s, %s)",  # noqa: S608 (a model's table name)
                [(p.pk, price, 1) for p, price in zip(products, prices, strict=True)],
            )
        images = []
        for product, look in zip(products, looks, strict=True):
            for position, paths in enumerate(photos(*look)):
                alt = product.title if position == 0 else f"{product.title} — detaliu"
                renditions = {name: paths[name] for name in ("thumb", "card", "full")}
                image = ProductImage(
                    product=product, alt_text=alt, is_primary=position == 0, position=position, renditions=renditions
                )
                image.original.name = image.image.name = paths["original"]
                images.append(image)
        ProductImage.objects.bulk_create(images)
        return len(products)
