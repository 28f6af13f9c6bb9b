"""Benchmark: import a generated 10,000-row CSV the way the back office does (`make bench-import`).

On a fresh SQLite database (the embedded default's engine and options) in a temporary folder,
it makes a small catalogue and an approved shop, writes a CSV of ROWS listings (fixed-price and
auction rows mixed), and runs the import job's own functions: upload (``import_job_create``),
the dry run (the ``import_job_check_task`` job), the confirmation and the write
(``import_job_confirm``, the ``import_job_write_task`` job) — every row checked with full_clean and the constraints, written pending
with its SKU. Photos are not part of it (they are fetched per row in the job).

The last line is ``rows_per_s=<n> peak_mb=<n> rows_per_cpu_s=<n>``: rows per second from upload to
the last listing written (the dry run included), the process's peak resident memory
(``resource.getrusage``), and rows per second of the process's own CPU time over the same span. ``DATABASE_URL=postgres://.../name`` runs it on PostgreSQL instead, in a
throw-away database ``name_bench_import`` made and dropped by the script.
"""

import csv
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="snobistic-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_DEBUG"] = "false"  # no query log: as in production
    import django
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database["NAME"] = workdir / "bench.sqlite3"
    else:  # a throw-away database beside the given one, never the given one itself
        database["NAME"] = f"{database['NAME']}_bench_import"
        _recreate_postgres_database(database)
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}
    django.setup()
    import logging

    logging.getLogger("django-q").setLevel(logging.WARNING)  # no per-task log lines in the figures

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)

    from marketplace.accounts.models import User
    from marketplace.products.imports import import_job_confirm, import_job_create
    from marketplace.products.models import (
        Brand,
        Category,
        ConditionGrade,
        ImportJob,
        Material,
        Product,
        Size,
        SizeChart,
        SKUCode,
        SubCategory,
    )
    from marketplace.vendors.models import VendorProfile

    # A small catalogue and one approved shop.
    categories = []
    presets = {"genti": ["length", "height"], "incaltaminte": ["heel_height"], "ceasuri": ["case_diameter"]}
    measurements = {"genti": "length=30; height=22.5", "incaltaminte": "heel_height=9", "ceasuri": "case_diameter=3.8"}
    for index, (slug, name) in enumerate([("genti", "Genți"), ("incaltaminte", "Încălțăminte"), ("ceasuri", "Ceasuri")]):
        category = Category.objects.create(slug=slug, name=name, position=index, preset_dimensions=presets[slug])
        SubCategory.objects.create(category=category, slug=f"{slug}-clasice", name=f"{name} clasice")
        categories.append(category)
    chart = SizeChart.objects.create(slug="incaltaminte-femei", name="Încălțăminte damă")
    chart.categories.add(categories[1])
    for position, eu in enumerate(["36", "37", "38", "39", "40"]):
        Size.objects.create(chart=chart, position=position, eu=eu, it=eu, fr=eu, us=str(position + 5), uk=str(position + 3))
    brands = [Brand.objects.create(name=name, slug=name.lower().replace(" ", "-")) for name in ["Hermès", "Chanel", "Louis Vuitton", "Gucci", "Prada", "Dior"]]
    ConditionGrade.objects.create(slug="excelent", name="Excelent", rank=1)
    ConditionGrade.objects.create(slug="foarte-bun", name="Foarte bun", rank=2)
    Material.objects.create(slug="piele", name="Piele")
    owner = User.objects.create_user(email="bench@snobistic.ro", username="bench", password="bench-password-123")
    vendor = VendorProfile.objects.create(
        user=owner, shop_name="Bench", slug="bench", legal_name="Bench SRL", vat_number="RO41283370",
        iban="RO16BTRLRONCRT0123456701", status=VendorProfile.Status.APPROVED,
    )

    header = [
        "title", "description", "category", "subcategory", "brand", "product_type", "condition", "size", "colour",
        "material", "dimensions", "serial", "price", "stock", "starting_price", "reserve_price", "bid_increment",
        "duration_hours",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for n in range(ROWS):
        category = categories[n % 3]
        auction = n % 5 == 0
        writer.writerow([
            f"{brands[n % 6].name} piesa {n}", "Purtată de câteva ori, cu cutie și factură.", category.slug,
            f"{category.slug}-clasice", brands[n % 6].name, ["new", "outlet", "preloved"][n % 3], "excelent",
            "38" if category.slug == "incaltaminte" else "", "black", "piele", measurements[category.slug], f"SN{n:08d}",
            "" if auction else f"{1000 + n % 900}.50", "" if auction else "1",
            f"{500 + n % 300}" if auction else "", f"{900 + n % 300}" if auction else "", "", "72" if auction else "",
        ])
    content = buffer.getvalue().encode("utf-8")
    print(f"rows={ROWS} file_kb={len(content) // 1024} database={connection.vendor}")

    cpu_started = time.process_time()
    started = time.perf_counter()
    # More rows than PRODUCT_IMPORT_INLINE_MAX_ROWS: the dry run and the write go to django-q2 jobs,
    # which run here in this process (Q_CLUSTER sync) so that they are timed.
    job = import_job_create(owner=owner, vendor=vendor, for_staff=False, source=SimpleUploadedFile("bench.csv", content))
    checked = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors[:5]
    import_job_confirm(job=job)
    finished = time.perf_counter()
    cpu_seconds = time.process_time() - cpu_started
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors[:5]
    assert Product.objects.filter(status="pending").count() == ROWS == SKUCode.objects.count()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"dry_run_s={checked - started:.2f} write_s={finished - checked:.2f} total_s={finished - started:.2f}")
    if connection.vendor == "postgresql":
        connection.close()
        _recreate_postgres_database(database, create=False)
    # On a shared machine the wall clock measures the other work too: the rows per second of this
    # process's own CPU time (dry run and write, the django-q2 jobs run here) are printed beside it.
    print(f"rows_per_s={ROWS / (finished - started):.0f} peak_mb={peak_mb:.0f} rows_per_cpu_s={ROWS / cpu_seconds:.0f}")


def _recreate_postgres_database(database: dict, create: bool = True) -> None:
    import psycopg

    params = {k: v for k, v in {
        "host": database.get("HOST"), "port": database.get("PORT"), "user": database.get("USER"),
        "password": database.get("PASSWORD"),
    }.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}"')
        if create:
            admin.execute(f'CREATE DATABASE "{database["NAME"]}"')


if __name__ == "__main__":
    main()
