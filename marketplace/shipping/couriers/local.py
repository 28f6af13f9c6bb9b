"""The offline courier, on by default: the whole flow works with no courier account.

AWB numbers come from a database counter (``AwbSequence``, row-locked while a number is taken, so
two workers never get the same one); the label is a real A6 PDF (``labels.py``) with a Code 128
barcode of the AWB and a QR code of its tracking page; tracking is the shipment's own recorded
events (staff or the vendor mark the steps); lockers come from a shipped snapshot of Romanian
easybox sites (``data/easybox_lockers.json``).
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..labels import LabelData, labels_pdf
from ..models import AwbSequence, Consignment
from ..models import TrackingEvent as TrackingEventRow
from .base import AwbRequest, AwbResult, Courier, CourierRefused, Locker, Service, TrackingEvent

LOCKERS_FILE = Path(__file__).resolve().parent.parent / "data" / "easybox_lockers.json"
AWB_PREFIX = "SNB"
SERVICE_LABELS = {Service.ADDRESS: "La adresă", Service.LOCKER: "Easybox", Service.PICKUP: "Ridicare din oficiu"}


@cache
def _lockers() -> tuple[Locker, ...]:
    data = json.loads(LOCKERS_FILE.read_text(encoding="utf-8"))
    return tuple(Locker(**row) for row in data["lockers"])


def awb_next_number(name: str = "local") -> int:
    """The next number of the counter ``name``, taken under its row lock (safe with concurrent workers)."""
    with transaction.atomic():
        AwbSequence.objects.get_or_create(name=name)
        sequence = AwbSequence.objects.select_for_update().get(name=name)
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return sequence.last


class LocalCourier(Courier):
    code = "local"
    label = "SNOBISTIC (offline)"
    services = (Service.ADDRESS, Service.LOCKER, Service.PICKUP)

    @property
    def tracking_url_template(self) -> str:  # type: ignore[override]
        return f"{settings.SITE_URL}/track/{{awb}}/"

    def create_awb(self, request: AwbRequest) -> AwbResult:
        if request.service not in self.services:
            raise CourierRefused(str(_("This courier does not offer that service.")))
        # A return is dropped by the buyer at any locker: it names none.
        if request.service == Service.LOCKER and (request.locker_id or not request.is_return) and not self.locker(request.locker_id):
            raise CourierRefused(str(_("Unknown locker: %(id)s.") % {"id": request.locker_id}))
        number = f"{AWB_PREFIX}{awb_next_number():09d}"
        return AwbResult(awb_number=number, label_pdf=labels_pdf([self.label_data(number, request)]))

    def label_data(self, awb_number: str, request: AwbRequest) -> LabelData:
        locker = self.locker(request.locker_id) if request.service == Service.LOCKER else None
        return LabelData(
            awb_number=awb_number, courier_label="SNOBISTIC", sender=request.sender, recipient=request.recipient,
            service=SERVICE_LABELS.get(request.service, request.service), weight_kg=request.parcel.weight_kg,
            cod_amount=request.cod_amount, locker=f"{locker.id} · {locker.name}" if locker else request.locker_id,
            reference=request.reference, tracking_url=self.tracking_url(awb_number), is_return=request.is_return,
        )

    def label_pdf(self, awb_number: str) -> bytes:
        consignment = Consignment.objects.filter(courier=self.code, awb_number=awb_number).first()
        if consignment is None or not consignment.label:
            raise CourierRefused(str(_("Unknown AWB: %(awb)s.") % {"awb": awb_number}))
        with consignment.label.open("rb") as handle:
            return handle.read()

    def tracking(self, awb_number: str) -> list[TrackingEvent]:
        rows = TrackingEventRow.objects.filter(consignment__courier=self.code, consignment__awb_number=awb_number)
        return [
            TrackingEvent(at=r.at, status=r.status, description=r.description, location=r.location, courier_code=r.courier_code)
            for r in rows.order_by("at", "pk")
        ]

    def lockers(self) -> list[Locker]:
        return list(_lockers())

    def locker(self, locker_id: str) -> Locker | None:
        return next((locker for locker in _lockers() if locker.id == locker_id), None)

    def cancel_awb(self, awb_number: str) -> None:
        if not Consignment.objects.filter(courier=self.code, awb_number=awb_number).exists():
            raise CourierRefused(str(_("Unknown AWB: %(awb)s.") % {"awb": awb_number}))
