"""Refill the catalogue's full-text index from the listings (SQLite; PostgreSQL needs none).

    python manage.py rebuild_search_index
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from marketplace.products.search import search_index_rebuild, uses_index


class Command(BaseCommand):
    help = "Rebuild the SQLite full-text index of the catalogue (title, brand, description)."

    def handle(self, *args, **options):
        if not uses_index(connection):
            self.stdout.write(f"Nothing to do on {connection.vendor}: it searches with its own full-text configuration.")
            return
        with transaction.atomic():
            count = search_index_rebuild(connection=connection)
        self.stdout.write(self.style.SUCCESS(f"{count} listings indexed."))
