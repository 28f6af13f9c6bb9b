"""DPD Romania (dpd.ro), the JSON web API at https://api.dpd.ro/v1 (Speedy's platform).

Documented at https://api.dpd.ro/web-api.html (linked from github.com/stefanache/MFP-ANAF-RO
``php_scripts/Romanian_Couriers/ReadMe.md``, with label examples at api.dpd.ro/examples/). Every
request is a JSON POST that carries ``userName`` and ``password`` itself: there is no token to
cache or renew. DPD answers a refusal with HTTP 200 and ``{"error": {"context", "message", "id",
"code"}}``; only transport problems use HTTP error codes.

- ``POST /shipment`` → ``{id, parcels: [{seqNo, id}], price: {amount, vat, total, currency}, pickupDate,
  deliveryDeadline}``: ``id`` is the shipment number printed as the AWB;
- ``POST /print`` ``{paperSize: "A6", parcels: [{parcel: {id}}]}`` → the PDF (JSON ``error`` otherwise);
- ``POST /track`` ``{parcels: [{id}]}`` → ``{parcels: [{parcelId, operations: [{dateTime, operationCode,
  description, comment, place}]}]}``;
- ``POST /location/office`` ``{countryId: 642}`` → ``{offices: [{id, name, type: "OFFICE" | "APT", address:
  {siteName, postCode, fullAddressString, x, y, …}}]}`` (APT = a DPDbox locker);
- ``POST /shipment/cancel`` ``{shipmentId, comment}`` → ``{}``.
"""

from decimal import Decimal

from django.conf import settings

from ._http import HttpCourier, local_datetime, status_from_words
from .base import AwbRequest, AwbResult, Locker, Service, TrackingEvent, TrackingStatus

PRODUCTION_URL = "https://api.dpd.ro/v1"
ROMANIA = 642  # DPD's country id (ISO 3166 numeric)
STANDARD_SERVICE = 2505  # "DPD STANDARD" (api.dpd.ro/examples/LabelWithCOD_RO.pdf)

# DPD operation codes whose meaning is stable across accounts; the rest is read from the description.
STATUS_BY_OPERATION = {
    -14: TrackingStatus.DELIVERED,
    38: TrackingStatus.FAILED_DELIVERY,  # "Returned to office": back at the depot, delivery is tried again
    111: TrackingStatus.RETURNED,  # returned to the sender
    124: TrackingStatus.RETURNED,
    129: TrackingStatus.FAILED_DELIVERY,  # "Administrative closure": the parcel will not be delivered
}


class DpdCourier(HttpCourier):
    code = "dpd"
    label = "DPD"
    tracking_url_template = "https://tracking.dpd.ro/?shipmentNumber={awb}&language=ro"
    services = (Service.ADDRESS, Service.LOCKER, Service.PICKUP)

    def __init__(self, username: str | None = None, password: str | None = None, base_url: str | None = None, *,
                 session=None, service_id: int = STANDARD_SERVICE, sender_client_id: int | None = None):
        """Credentials default to DPD_USERNAME / DPD_PASSWORD (the registry calls ``cls()``)."""
        super().__init__(base_url=base_url or PRODUCTION_URL, session=session)
        self.username = settings.DPD_USERNAME if username is None else username
        self.password = settings.DPD_PASSWORD if password is None else password
        self.service_id = service_id
        self.sender_client_id = sender_client_id  # one of the contract's own addresses ("objects"), if set

    def _post(self, path: str, payload: dict):
        """One API call: credentials in the body; DPD's ``error`` object becomes ``CourierRefused``."""
        body = {"userName": self.username, "password": self.password, "language": "EN", **payload}
        response = self._send("POST", path, json=body, headers={"Accept": "application/json, application/pdf"})
        if response.content.startswith(b"%PDF"):
            return response.content
        answer = self._body(response)
        error = answer.get("error") if isinstance(answer, dict) else None
        if error or response.status_code >= 400:
            message = error.get("message", "") if isinstance(error, dict) else str(answer)[:300]
            raise self._refused(message, raw=answer)
        return answer

    # --- the interface --------------------------------------------------------------------------

    @staticmethod
    def _address(address) -> dict:
        return {
            "countryId": ROMANIA,
            "siteName": address.city,
            "postCode": address.postal_code,
            "addressNote": address.street,
        }

    def _party(self, address) -> dict:
        return {
            "clientName": address.name,
            "contactName": address.contact or address.name,
            "phone1": {"number": address.phone},
            "email": address.email,
            "privatePerson": not address.contact,  # a company names a contact person
        }

    def create_awb(self, request: AwbRequest) -> AwbResult:
        parcel = request.parcel
        recipient = self._party(request.recipient)
        if request.service in (Service.LOCKER, Service.PICKUP):
            recipient["pickupOfficeId"] = int(request.locker_id) if request.locker_id.isdigit() else request.locker_id
        else:
            recipient["address"] = self._address(request.recipient)
        additional = {}
        if request.cod_amount:
            additional["cod"] = {"amount": float(request.cod_amount), "currencyCode": "RON", "processingType": "CASH"}
        if request.declared_value:
            additional["declaredValue"] = {"amount": float(request.declared_value)}
        payload = {
            # Collected from the sender's address (the vendor, or the buyer for a return), unless the
            # adapter is set to ship from one of the contract's own addresses (DPD calls them objects).
            "sender": ({**self._party(request.sender), "clientId": self.sender_client_id} if self.sender_client_id
                       else {**self._party(request.sender), "address": self._address(request.sender)}),
            "recipient": recipient,
            "service": {"serviceId": self.service_id, "autoAdjustPickupDate": True, "additionalServices": additional},
            "content": {
                "parcelsCount": 1,
                "totalWeight": float(parcel.weight_kg),
                "contents": request.contents or "Articole vestimentare",
                "package": "BOX",
                "parcels": [{
                    "seqNo": 1, "weight": float(parcel.weight_kg),
                    "size": {"width": parcel.width_cm, "depth": parcel.length_cm, "height": parcel.height_cm},
                }],
            },
            "payment": {"courierServicePayer": "SENDER"},
            "ref1": request.reference,
        }
        answer = self._post("/shipment", payload)
        if not isinstance(answer, dict) or not answer.get("id"):
            raise self._refused(str(answer)[:300], raw=answer)
        total = (answer.get("price") or {}).get("total")
        return AwbResult(
            awb_number=str(answer["id"]),
            price=Decimal(str(total)).quantize(Decimal("0.01")) if total is not None else None,
            raw=answer,
        )

    def label_pdf(self, awb_number: str) -> bytes:
        answer = self._post("/print", {"paperSize": "A6", "format": "pdf", "parcels": [{"parcel": {"id": awb_number}}]})
        if not isinstance(answer, bytes):
            raise self._not_pdf(awb_number, raw=str(answer)[:500])
        return answer

    def tracking(self, awb_number: str) -> list[TrackingEvent]:
        answer = self._post("/track", {"parcels": [{"id": awb_number}]})
        parcels = (answer.get("parcels") or []) if isinstance(answer, dict) else []
        found = next((p for p in parcels if str(p.get("parcelId")) == str(awb_number)), None)
        if found is None:
            raise self._refused(f"AWB {awb_number} not found", raw=answer)
        if found.get("error"):
            raise self._refused(found["error"].get("message", ""), raw=answer)
        events = []
        for operation in found.get("operations") or []:
            at = local_datetime(operation.get("dateTime", ""))
            if at is None:
                continue
            code = operation.get("operationCode")
            description = operation.get("description", "")
            place = operation.get("place") or {}
            events.append(TrackingEvent(
                at=at, status=STATUS_BY_OPERATION.get(code) or status_from_words(description, operation.get("comment", "")),
                description=description, location=place.get("name") or place.get("siteName") or "",
                courier_code=str(code if code is not None else ""),
            ))
        events.sort(key=lambda e: e.at)
        return events

    def lockers(self) -> list[Locker]:
        """DPDbox lockers (APT) and DPD offices: both take parcels with ``pickupOfficeId``."""
        answer = self._post("/location/office", {"countryId": ROMANIA})
        found = []
        for office in answer.get("offices") or []:
            address = office.get("address") or {}
            found.append(Locker(
                id=str(office["id"]), name=office.get("name", ""),
                address=address.get("localAddressString") or address.get("fullAddressString", ""),
                city=address.get("siteName", ""), county=address.get("stateName") or address.get("regionName") or "",
                postal_code=str(address.get("postCode") or ""),
                latitude=address.get("y"), longitude=address.get("x"),
            ))
        return found

    def cancel_awb(self, awb_number: str) -> None:
        self._post("/shipment/cancel", {"shipmentId": awb_number, "comment": "Anulat din SNOBISTIC"})
