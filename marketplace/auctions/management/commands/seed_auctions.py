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

from marketplace.products.models import AuctionProduct, Brand, ConditionGrade, ListingStatus, ProductImage, SubCategory
from marketplace.products.services import product_validate
from marketplace.vendors.models import VendorProfile

LOTS = [
    ("Geantă Birkin 30 Togo", "genti", "8000"),
    ("Ceas Cartier Tank vintage", "ceasuri", "4500"),
    ("Pantofi Louboutin So Kate", "incaltaminte", "900"),
    ("Palton Max Mara din cașmir", "imbracaminte", "1800"),
    ("Eșarfă Hermès Carré de mătase", "accesorii", "600"),
    ("Colier Van Cleef Alhambra", "bijuterii", "6000"),
]


class Command(BaseCommand):
    help = "Open demo auctions (validated auction listings with live auctions)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=len(LOTS))

    def handle(self, *args, count: int, **options):
        from backoffice.selectors import platform_settings
        from storefront.management.commands.seed_catalogue import _photo_paths

        vendors = list(VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED))
        brands, grades = list(Brand.objects.all()), list(ConditionGrade.objects.all())
        if not (vendors and brands and grades):
            raise CommandError("Run `manage.py seed_demo` first: no approved vendor or reference catalogue.")
        durations = platform_settings().auction_duration_hours
        photos = _photo_paths(write_files=True)
        rng = random.Random(7)  # noqa: S311 - demo data, not secrets
        made = 0
        for n in range(min(count, len(LOTS))):
            slug = f"demo-auction-{n}"
            if AuctionProduct.objects.filter(slug=slug).exists():
                continue
            title, category_slug, start = LOTS[n]
            sub = SubCategory.objects.filter(category__slug=category_slug).select_related("category").first()
            if sub is None:
                continue
            with transaction.atomic():
                lot = AuctionProduct.objects.create(
                    vendor=rng.choice(vendors), title=title, slug=slug, category=sub.category, subcategory=sub,
                    brand=rng.choice(brands), product_type="preloved", condition=rng.choice(grades),
                    description="Piesă de colecție, verificată pentru autenticitate. / A collector's piece, authenticated.",
                    status=ListingStatus.PENDING, wizard_step=6, starting_price=Decimal(start),
                    reserve_price=Decimal(start) * Decimal("1.3") if n % 2 == 0 else None,
                    duration_hours=durations[n % len(durations)],
                )
                paths = photos[n % len(photos)]
                image = ProductImage(product=lot, alt_text=title, is_primary=True, renditions=paths)
                image.original.name = image.image.name = paths["full"]
                image.save()
                product_validate(product=lot, actor=None)
            made += 1
        self.stdout.write(f"{made} demo auctions opened.")
