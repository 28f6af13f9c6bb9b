"""Time a streaming export of every listing (``make bench-export``): one format per process, so the peak
memory is that export's own. Prints ``format=<f> rows=<n> seconds=<s> rows_per_s=<n> peak_mb=<n>`` (the process's peak), the process
before the export and the difference."""

import resource
import tempfile
import time

from django.core.management.base import BaseCommand

from marketplace.products.imports import export_stream
from marketplace.products.models import Product


class Command(BaseCommand):
    help = "Export every listing as CSV or XLSX through the streaming writer and print rows/s and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, format: str, **options):
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Django and its apps, loaded
        started = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            rows = export_stream(queryset=Product.objects.all(), fmt=format, staff=True, out=out)
            size = out.tell()
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
        self.stdout.write(
            f"format={format} rows={rows} seconds={seconds:.1f} rows_per_s={rows / seconds:.0f} "
            f"peak_mb={peak_mb:.0f} process_before_mb={before_mb:.0f} export_mb={peak_mb - before_mb:.0f} "
            f"file_mb={size / 2**20:.1f}"
        )
