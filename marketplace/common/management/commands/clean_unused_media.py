"""``manage.py clean_unused_media --dry-run``: which stored files no row references (then without the flag: delete)."""

import datetime as dt

from django.core.management.base import BaseCommand

from marketplace.common.media_cleanup import clean_unused_media


class Command(BaseCommand):
    help = "Delete stored files that no row references and that are older than a day (--dry-run lists them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")
        parser.add_argument("--min-age-hours", type=int, default=24, help="Only files older than this (default 24).")

    def handle(self, *args, dry_run=False, min_age_hours=24, **options):
        report = clean_unused_media(dry_run=dry_run, min_age=dt.timedelta(hours=max(min_age_hours, 1)))
        for name in report.unused:
            self.stdout.write(("would delete " if dry_run else "deleted ") + name)
        self.stdout.write(report.summary())
