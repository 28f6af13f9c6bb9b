"""Time a worker's first photo cut-out (``make bench-cutout``), as a fresh process sees it.

Each round starts a new Python process, as a django-q2 worker starting after a deploy or a recycle: it loads
rembg (and numba's kernels for pymatting) and cuts out one 1200×1600 photo, then a second one. The first round
uses an empty ``NUMBA_CACHE_DIR`` (kernels compiled), the next ones the same directory (kernels loaded from it),
which is what the image and ``BACKGROUND_REMOVAL_WARM_UP`` give a production worker. Prints
``cold_first_cutout_s=<n> warm_first_cutout_s=<n> next_cutout_s=<n>``.
"""

import json
import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.products.images import rembg_model_path

ROUND = r"""
import io, json, os, time
import django
django.setup()
from PIL import Image, ImageDraw
from marketplace.products.images import remove_background

photo = Image.new("RGB", (1200, 1600), (238, 236, 232))
ImageDraw.Draw(photo).rounded_rectangle((300, 400, 900, 1300), radius=80, fill=(92, 24, 30))
started = time.perf_counter()
_cut, method = remove_background(photo)
first = time.perf_counter() - started
started = time.perf_counter()
remove_background(photo)
print(json.dumps({"method": method, "first": first, "next": time.perf_counter() - started}))
"""


class Command(BaseCommand):
    help = "Time the first background removal in a fresh process, without and with numba's kernel cache."

    def add_arguments(self, parser):
        parser.add_argument("--warm-rounds", type=int, default=2)

    def run_round(self, cache_dir: str) -> dict:
        env = {"NUMBA_CACHE_DIR": cache_dir, "U2NET_HOME": str(settings.U2NET_HOME)}
        done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", ROUND], capture_output=True, text=True, check=False,
            env={**os.environ, **env},
        )
        if done.returncode != 0:
            raise CommandError(done.stderr[-2000:])
        return json.loads(done.stdout.strip().splitlines()[-1])

    def handle(self, *args, warm_rounds: int, **options):
        if not rembg_model_path().exists():
            raise CommandError(f"rembg's model is not at {rembg_model_path()}: run `make model` first.")
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache_dir:
            cold = self.run_round(cache_dir)
            warm = [self.run_round(cache_dir) for _ in range(warm_rounds)]
        if {cold["method"], *(w["method"] for w in warm)} != {"rembg"}:
            raise CommandError(f"the cut-out did not use rembg: {cold}, {warm}")
        warm_first = max(w["first"] for w in warm)
        self.stdout.write(
            f"cold_first_cutout_s={cold['first']:.1f} warm_first_cutout_s={warm_first:.1f} "
            f"next_cutout_s={max(w['next'] for w in warm):.2f} warm_rounds={warm_rounds}"
        )

