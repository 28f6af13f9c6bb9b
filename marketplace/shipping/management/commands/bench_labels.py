"""`make bench-labels`: draw 500 different A6 labels (Code 128 + QR each) into one PDF and print
``labels_per_s=<n> peak_mb=<n>`` (and labels_per_cpu_s) (peak resident memory of the process). Needs no database."""

import resource
import time
from decimal import Decimal

from django.core.management.base import BaseCommand

from marketplace.shipping.couriers.base import Address
from marketplace.shipping.labels import LabelData, labels_pdf

TOWNS = [("București", "București"), ("Cluj-Napoca", "Cluj"), ("Iași", "Iași"), ("Timișoara", "Timiș"), ("Brașov", "Brașov")]


def labels(count: int) -> list[LabelData]:
    shop = Address(name="Atelier Țesătura SRL", phone="+40733111222", street="Calea Victoriei 12", city="București",
                   county="București", postal_code="010061")
    out = []
    for n in range(count):
        city, county = TOWNS[n % len(TOWNS)]
        buyer = Address(name=f"Ioana Ștefănescu {n}", phone="+40722123456", street=f"Str. Mihai Eminescu {n % 90 + 1}, ap. {n % 40 + 1}",
                        city=city, county=county, postal_code=f"{400000 + n:06d}")
        awb = f"SNB{n + 1:09d}"
        out.append(LabelData(
            awb_number=awb, courier_label="SNOBISTIC", sender=shop, recipient=buyer,
            service="Easybox" if n % 2 else "La adresă", weight_kg=Decimal("1.20"),
            cod_amount=Decimal("1725.00") if n % 3 == 0 else Decimal("0.00"), locker="EB-CJ-IULIUS · easybox Iulius Mall Cluj" if n % 2 else "",
            reference=f"SNB-{n}", tracking_url=f"https://snobistic.ro/track/{awb}/",
        ))
    return out


class Command(BaseCommand):
    help = "Draw 500 labels into one PDF and print labels_per_s and peak_mb."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--out", default="", help="also write the PDF here")

    def handle(self, *args, count: int, out: str, **options):
        data = labels(count)
        labels_pdf(data[:1])  # fonts registered, modules warm: the figure is the steady state
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = labels_pdf(data)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if out:
            with open(out, "wb") as handle:
                handle.write(pdf)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # labels_per_cpu_s: the same work per second of this process's own CPU time (on a busy machine
        # the wall-clock figure also counts the time other processes held the cores).
        self.stdout.write(
            f"labels_per_s={count / elapsed:.0f} peak_mb={peak_mb:.0f} labels_per_cpu_s={count / cpu:.0f} pdf_kb={len(pdf) // 1024}"
        )
