"""FAN Courier (fancourier.ro), API v2 (https://api.fancourier.ro), with FANbox lockers.

Written against API v2 as the maintained PHP clients speak it: github.com/daika7ana/fancourier-api-v2
(``src/Fancourier/Request|Response|Objects``, ``examples/``) and github.com/firewizard/fancourier-api;
FAN Courier's own repository (github.com/FAN-Courier/API-Docs) publishes the public test account.

- ``POST /login`` (username, password) → ``{"status": "success", "data": {"token", "expiresAt"}}``;
  every other call sends ``Authorization: Bearer <token>`` and the account's ``clientId``;
- ``POST /intern-awb`` (JSON ``{clientId, shipments: [{info, recipient, sender}]}``) →
  ``{"response": [{"awbNumber", "tariff", ..., "errors"}]}``; a refused shipment comes back with
  ``awbNumber: null`` and ``errors: {field: message}``;
- ``GET /awb/label?clientId=&awbs[]=&pdf=1&format=A6`` → the PDF, or JSON ``{status: "fail", message}``;
- ``GET /reports/awb/tracking?clientId=&awb[]=`` → ``{"status": "success", "data": [{awbNumber, events: [{id, name,
  location, date}]}]}``;
- ``GET /reports/pickup-points?type=fanbox`` → ``{"status": "success", "data": [{id, name, address{…}, latitude,
  longitude, …}]}``;
- ``DELETE /awb?clientId=&awb=`` → ``{"status": "success"}``.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from ._http import HttpCourier, local_datetime, status_from_words
from .base import AwbRequest, AwbResult, Locker, Service, TrackingEvent, TrackingStatus

PRODUCTION_URL = "https://api.fancourier.ro"
# Who pays the delivery: API v2 integrations send "sender" / "recipient" (older clients still send the
# v1 Romanian "expeditor" / "destinatar"); the sender, our account, pays.
SENDER_PAYS = "sender"

# FAN Courier event ids (reports/awb-events): C = courier, H = hub, S = delivery outcome.
STATUS_BY_EVENT = {
    "C0": TrackingStatus.PICKED_UP,  # Expeditie ridicata
    "C1": TrackingStatus.OUT_FOR_DELIVERY,  # Expeditie preluata spre livrare
    "S1": TrackingStatus.OUT_FOR_DELIVERY,  # Expeditie in livrare
    "S2": TrackingStatus.DELIVERED,  # Livrat
}


def event_status(event_id: str, name: str) -> str:
    event_id = (event_id or "").strip().upper()
    if event_id in STATUS_BY_EVENT:
        return STATUS_BY_EVENT[event_id]
    if event_id.startswith("H"):
        return TrackingStatus.IN_TRANSIT
    if event_id.startswith("S"):  # every other S-event is a delivery that did not happen (yet)
        return status_from_words(name, default=TrackingStatus.FAILED_DELIVERY)
    return status_from_words(name)


class FanCourier(HttpCourier):
    code = "fancourier"
    label = "FAN Courier"
    tracking_url_template = "https://www.fancourier.ro/awb-tracking/?tracking={awb}"
    services = (Service.ADDRESS, Service.LOCKER)

    def __init__(self, client_id: str | None = None, username: str | None = None, password: str | None = None,
                 base_url: str | None = None, *, session=None):
        """Credentials default to FANCOURIER_CLIENT_ID / _USERNAME / _PASSWORD (the registry calls ``cls()``)."""
        super().__init__(base_url=base_url or PRODUCTION_URL, session=session)
        self.client_id = str(settings.FANCOURIER_CLIENT_ID if client_id is None else client_id)
        self.username = settings.FANCOURIER_USERNAME if username is None else username
        self.password = settings.FANCOURIER_PASSWORD if password is None else password

    # --- auth -----------------------------------------------------------------------------------

    def _account(self) -> str:
        return f"{self.client_id}:{self.username}"

    def _auth_headers(self, token: str) -> dict:
        return {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def _login(self) -> tuple[str, int]:
        response = self._send("POST", "/login", data={"username": self.username, "password": self.password},
                              headers={"Accept": "application/json"})
        body = self._body(response)
        data = body.get("data") if isinstance(body, dict) else None
        if response.status_code >= 400 or not isinstance(data, dict) or not data.get("token"):
            raise self._refused(self._message(body) or "login failed", raw=body)
        ttl = self.token_ttl
        expires = local_datetime(data.get("expiresAt", ""))  # "2024-06-11 07:23:53", 24 hours after login
        if expires is not None:
            ttl = int((expires - timezone.now()).total_seconds()) - 300
        return data["token"], ttl

    @staticmethod
    def _message(body) -> str:
        if not isinstance(body, dict):
            return str(body or "")
        parts = [str(body.get("message") or "")]
        errors = body.get("errors")
        if isinstance(errors, dict):
            parts += [f"{field}: {', '.join(m) if isinstance(m, list) else m}" for field, m in errors.items()]
        elif isinstance(errors, list):
            parts += [str(e) for e in errors]
        return "; ".join(p for p in parts if p)

    def _json(self, method: str, path: str, **kwargs) -> dict:
        response = self._call(method, path, **kwargs)
        body = self._body(response)
        if response.status_code >= 400 or not isinstance(body, dict) or body.get("status") in ("fail", "error"):
            raise self._refused(self._message(body), raw=body)
        return body

    # --- the interface --------------------------------------------------------------------------

    @staticmethod
    def _party(address, *, locker_field: str = "", locker_id: str = "") -> dict:
        party = {
            "name": address.name,
            "contactPerson": address.contact or address.name,
            "phone": address.phone,
            "email": address.email,
            "address": {
                "county": address.county,
                "locality": address.city,
                "street": address.street,
                "streetNo": "",
                "zipCode": address.postal_code,
            },
        }
        if locker_field:
            party["address"][locker_field] = locker_id
        return party

    def create_awb(self, request: AwbRequest) -> AwbResult:
        parcel = request.parcel
        locker = request.service == Service.LOCKER
        shipment = {
            "info": {
                "service": "FANbox" if locker else ("Cont Colector" if request.cod_amount else "Standard"),
                "packages": {"parcel": 1, "envelope": 0},
                "weight": float(parcel.weight_kg),
                "cod": float(request.cod_amount),
                "currency": "RON",
                "declaredValue": float(request.declared_value),
                "payment": SENDER_PAYS,
                "returnPayment": SENDER_PAYS,
                "observation": request.reference,
                "content": request.contents,
                "dimensions": {"length": parcel.length_cm, "height": parcel.height_cm, "width": parcel.width_cm},
                "options": [],
            },
            "recipient": self._party(request.recipient, locker_field="pickupLocationId" if locker else "",
                                     locker_id=request.locker_id),
        }
        # Collected from the sender (the vendor, or the buyer for a return), not the account's own address.
        shipment["sender"] = self._party(request.sender)
        body = self._json("POST", "/intern-awb", json={"clientId": self.client_id, "shipments": [shipment]})
        answers = body.get("response") or []
        answer = answers[0] if answers else {}
        if not answer.get("awbNumber") or answer.get("errors"):
            raise self._refused(self._message({"errors": answer.get("errors") or ["no AWB number"]}), raw=body)
        tariff = answer.get("tariff")
        return AwbResult(
            awb_number=str(answer["awbNumber"]),
            price=Decimal(str(tariff)).quantize(Decimal("0.01")) if tariff is not None else None,
            raw=body,
        )

    def label_pdf(self, awb_number: str) -> bytes:
        params = {"clientId": self.client_id, "awbs[]": awb_number, "pdf": 1, "format": "A6", "language": "ro"}
        response = self._call("GET", "/awb/label", params=params)
        if response.content.startswith(b"%PDF"):
            return response.content
        body = self._body(response)
        if isinstance(body, dict) and (response.status_code >= 400 or body.get("status") in ("fail", "error")):
            raise self._refused(self._message(body), raw=body)
        raise self._not_pdf(awb_number, raw=str(body)[:500])

    def tracking(self, awb_number: str) -> list[TrackingEvent]:
        body = self._json("GET", "/reports/awb/tracking",
                          params={"clientId": self.client_id, "awb[]": awb_number, "language": "ro"})
        found = next((item for item in body.get("data") or [] if str(item.get("awbNumber")) == str(awb_number)), None)
        if found is None:
            raise self._refused(f"AWB {awb_number} not found", raw=body)
        events = []
        for event in found.get("events") or []:
            at = local_datetime(event.get("date", ""))
            if at is None:
                continue
            events.append(TrackingEvent(
                at=at, status=event_status(event.get("id", ""), event.get("name", "")),
                description=event.get("name", ""), location=event.get("location", ""),
                courier_code=str(event.get("id", "")),
            ))
        events.sort(key=lambda e: e.at)
        return events

    def lockers(self) -> list[Locker]:
        body = self._json("GET", "/reports/pickup-points", params={"type": "fanbox"})
        found = []
        for item in body.get("data") or []:
            address = item.get("address") or {}
            street = " ".join(str(p) for p in (address.get("street"), address.get("streetNo")) if p)
            found.append(Locker(
                id=str(item["id"]), name=item.get("name", ""), address=street,
                city=address.get("locality", ""), county=address.get("county", ""),
                postal_code=str(address.get("zipCode") or ""),
                latitude=_float(item.get("latitude")), longitude=_float(item.get("longitude")),
            ))
        return found

    def cancel_awb(self, awb_number: str) -> None:
        self._json("DELETE", "/awb", params={"clientId": self.client_id, "awb": awb_number})


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None

