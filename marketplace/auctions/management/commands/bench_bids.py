"""`make bench-bids`: 20 concurrent bidders on one hot auction through auction_place_bid.

Runs in a throw-away test database (created and migrated here, dropped at the end) on the
configured server, so it never touches real data. Prints, last, one line:
``bids_per_s=<n> p50_ms=<n> p99_ms=<n> lost=<n>`` (lost: accepted bids missing from the history,
or a leader/price that differs from replaying the accepted bids in commit order).
"""

import logging
import statistics

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.crypto import get_random_string

from marketplace.auctions.loadtest import run_bids, verify
from marketplace.auctions.services import auction_create_for_product
from marketplace.products.models import AuctionProduct, Brand, Category, ConditionGrade
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_approve


class Command(BaseCommand):
    help = "Benchmark concurrent bids on one auction (PostgreSQL: set DATABASE_URL)."

    def add_arguments(self, parser):
        parser.add_argument("--bids", type=int, default=2000)
        parser.add_argument("--threads", type=int, default=20)
        parser.add_argument("--keepdb", action="store_true", help="reuse the benchmark database between runs")
        parser.add_argument("--sqlite-file", default="", help="SQLite only: where the throw-away database file goes")

    def handle(self, *args, bids: int, threads: int, keepdb: bool, sqlite_file: str, **options):
        logging.getLogger("django-q").setLevel(logging.WARNING)  # one "Enqueued" line per outbid e-mail otherwise
        if connection.vendor != "postgresql":
            self.stderr.write("Not PostgreSQL: bids are serialised by SQLite's IMMEDIATE transactions instead of row locks.")
        # Its own database name, so it never collides with a test run on the same server; on SQLite a
        # file (threads need a shared database, which the in-memory test database is not).
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = sqlite_file or str(settings.BASE_DIR / ".bench-bids.sqlite3")
        else:
            test["NAME"] = f"{connection.settings_dict['NAME']}_bench_bids"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keepdb)
        try:
            run, verdict, attempts = self._bench(bids=bids, threads=threads)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keepdb)
        if run.errors:
            self.stderr.write(f"{len(run.errors)} unexpected error(s), first: {run.errors[0]}")
        for problem in verdict.problems[:10]:
            self.stderr.write(problem)
        latencies = sorted(run.latencies_ms)
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        self.stdout.write(
            f"{connection.vendor}: {attempts} bids by {threads} threads in {run.seconds:.2f} s; "
            f"{len(run.accepted)} accepted, refused: {dict(sorted(run.refused.items()))}"
        )
        self.stdout.write(f"bids_per_s={attempts / run.seconds:.0f} p50_ms={p50:.1f} p99_ms={p99:.1f} lost={verdict.lost}")
        if verdict.lost or run.errors:
            raise CommandError("bids were lost or failed")

    def _bench(self, *, bids: int, threads: int):
        User = get_user_model()
        tag = get_random_string(6).lower()
        seller = User.objects.create_user(email=f"bench-seller-{tag}@example.ro", password=None)
        vendor = vendor_approve(
            vendor=VendorProfile.objects.create(
                user=seller, shop_name=f"Bench {tag}", slug=f"bench-{tag}", legal_name="Bench SRL",
                vat_number="RO41283370", iban="RO16BTRLRONCRT0123456701",
            ),
            actor=None,
        )
        category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        brand, _ = Brand.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        grade, _ = ConditionGrade.objects.get_or_create(slug="bench", defaults={"name": "Bench", "rank": 99})
        product = AuctionProduct.objects.create(
            vendor=vendor, title="Bench lot", slug=f"bench-lot-{tag}", category=category, brand=brand,
            product_type="preloved", condition=grade, status="validated", wizard_step=6,
            starting_price="100.00", reserve_price="5000.00", duration_hours=24,
        )
        auction = auction_create_for_product(product=product)
        bidders = [User.objects.create_user(email=f"bench-{tag}-{n}@example.ro", password=None) for n in range(threads)]
        run = run_bids(auction=auction, bidders=bidders, total=bids, threads=threads)
        return run, verify(auction=auction, run=run), run.attempts
