from django.core.management.base import BaseCommand

from config.schedules import SCHEDULES
from marketplace.common.services import schedules_sync


class Command(BaseCommand):
    help = "Create or update the periodic django-q2 jobs declared in config/schedules.py (idempotent)."

    def handle(self, *args, **options):
        report = schedules_sync(SCHEDULES)
        for kind in ("created", "updated", "unchanged"):
            for name in report[kind]:
                self.stdout.write(f"{kind:9} {name}")
