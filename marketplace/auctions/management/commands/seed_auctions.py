"""Open a few demo auctions, so that `make run` shows live lots with countdowns.

    python manage.py seed_auctions --count 6

Safe to run again: it only adds the demo lots still missing (slugs "demo-auction-N"). Each lot
is an AuctionProduct validated through the products services, which opens its auction exactly
as a reviewer's validation does. Needs ``seed_demo`` (reference catalogue, approved vendors).
"""

import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from marketplace.administration.selectors import platform_settings
from marketplace.products.demo.photos import REMOTE_MEDIA_FLAG, REMOTE_MEDIA_HELP, demo_media_writable, demo_photo_paths
from marketplace.products.demo.pieces import PIECES, describe, describe_en, title_en
from marketplace.products.models import (
    AuctionProduct,
    Brand,
    ConditionGrade,
    ListingStatus,
    Material,
    ProductImage,
    SubCategory,
)
from marketplace.products.services import product_validate
from marketplace.vendors.models import VendorProfile

# (title of a demo piece, colour, starting price in lei): the same curated pieces as the catalogue.
LOTS = [
    ("Geantă Birkin 30 Togo", "black", "8000"),
    ("Ceas Tank Must", "brown", "4500"),
    ("Pantofi So Kate 120", "red", "900"),
    ("Palton 101801 din cașmir", "beige", "1800"),
    ("Eșarfă Carré 90 de mătase", "multicolour", "600"),
    ("Colier Vintage Alhambra 10 motive", "red", "6000"),
]


class Command(BaseCommand):
    help = "Open demo auctions (validated auction listings with live auctions)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=len(LOTS))
        parser.add_argument(REMOTE_MEDIA_FLAG, action="store_true", help=REMOTE_MEDIA_HELP)
        parser.add_argument("--photo-dir", help="write the demo photos in this folder instead of the media storage")

    def handle(self, *args, count: int, write_remote_media: bool = False, photo_dir: str | None = None, **options):
        vendors = list(VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED))
        brands = {b.name: b for b in Brand.objects.all()}
        grades = list(ConditionGrade.objects.order_by("rank"))
        pieces = {piece.title: piece for piece in PIECES}
        if not (vendors and grades and {pieces[title].brand for title, _c, _p in LOTS} <= set(brands)):
            raise CommandError("Run `manage.py seed_demo` first: no approved vendor or reference catalogue.")
        durations = platform_settings().auction_duration_hours
        if not photo_dir and not demo_media_writable(allow_remote=write_remote_media):
            self.stdout.write(f"The media storage is remote: demo photo files are not written ({REMOTE_MEDIA_FLAG} writes them).")
        photos = demo_photo_paths(write_files=True, photo_dir=photo_dir, allow_remote=write_remote_media)
        rng = random.Random(7)  # noqa: S311 - demo data, not secrets
        made = 0
        for n in range(min(count, len(LOTS))):
            slug = f"demo-auction-{n}"
            if AuctionProduct.objects.filter(slug=slug).exists():
                continue
            title, colour, start = LOTS[n]
            piece = pieces[title]
            sub = SubCategory.objects.filter(category__slug=piece.category, slug=piece.subcategory).select_related("category").first()
            if sub is None:
                continue
            grade = rng.choice(grades[2:5])
            material = Material.objects.filter(slug=piece.material).first()
            with transaction.atomic():
                lot = AuctionProduct.objects.create(
                    vendor=rng.choice(vendors), title=title, title_en=title_en(piece), slug=slug, category=sub.category, subcategory=sub,
                    brand=brands[piece.brand], product_type="preloved", condition=grade, colour=colour, material=material,
                    description=describe(piece, colour=colour, material_name=material.name if material else "",
                                         condition_slug=grade.slug),
                    description_en=describe_en(piece, colour=colour,
                                               material_name=(material.name_en or material.name) if material else "",
                                               condition_slug=grade.slug),
                    status=ListingStatus.PENDING, wizard_step=6, starting_price=Decimal(start),
                    reserve_price=Decimal(start) * Decimal("1.3") if n % 2 == 0 else None,
                    duration_hours=durations[n % len(durations)],
                )
                for position, paths in enumerate(photos(piece.kind, colour, 0)):
                    image = ProductImage(
                        product=lot, alt_text=title if position == 0 else f"{title} — detaliu", is_primary=position == 0,
                        position=position, renditions={name: paths[name] for name in ("thumb", "card", "full")},
                    )
                    image.original.name = image.image.name = paths["original"]
                    image.save()
                product_validate(product=lot, actor=None)
            made += 1
        self.stdout.write(f"{made} demo auctions opened.")
