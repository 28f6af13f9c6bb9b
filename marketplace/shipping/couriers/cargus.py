"""Cargus (cargus.ro), UrgentOnline API v3, with Ship & Go lockers and PUDO points.

Cargus publishes its API behind Azure API Management (https://urgentcargus.portal.azure-api.net,
product "UrgentOnlineAPI"); written against it as its official shop modules call it
(github.com/horianst/wordpress ``urgentcargus/``, the Cargus WooCommerce/PrestaShop/OpenCart modules,
github.com/s0biesky/Cargus-API):

- every call sends ``Ocp-Apim-Subscription-Key``; ``POST /LoginUser`` ``{UserName, Password}`` answers a
  JSON string, the token (valid 24 hours), sent as ``Authorization: Bearer``; 401 → log in again;
- ``Sender`` is either one of the account's pick-up points (``LocationId``, from ``GET /PickupLocations``)
  or an address: we send the vendor's address (the buyer's for a return), where the courier collects;
- ``POST /Awbs`` → the new AWB's barcode (a JSON number); ``ServiceId`` 34/35/36 by weight (Economic
  Standard ≤ 31 kg, Standard Plus ≤ 50 kg, Palet), 38 with ``DeliveryPudoPoint`` for Ship & Go;
- ``GET /AwbDocuments?barCodes=[…]&type=PDF&format=1`` → the label (10×14) as a base64 JSON string;
- ``GET /AwbTrace?barCode=[…]`` → ``[{Code, …, Event: [{Date, EventId, Description, LocalityName}]}]``;
- ``GET /PudoPoints`` → Ship & Go lockers and PUDO points;
- ``DELETE /Awbs?barCode=`` → ``true`` (``false`` once the courier has the parcel).
"""

import base64
import binascii
import json
from decimal import ROUND_CEILING, Decimal

from django.conf import settings

from ._http import HttpCourier, local_datetime, status_from_words
from .base import AwbRequest, AwbResult, Locker, Service, TrackingEvent, TrackingStatus

PRODUCTION_URL = "https://urgentcargus.azure-api.net/api"
TOKEN_TTL = 23 * 3600  # Cargus tokens live 24 hours
PUDO_SERVICE = 38

# The Cargus event id integrations agree on; other events are read from their Romanian description.
STATUS_BY_EVENT = {21: TrackingStatus.DELIVERED}


def service_for(weight_kg: Decimal) -> int:
    if weight_kg <= 31:
        return 34  # Economic Standard
    if weight_kg <= 50:
        return 35  # Standard Plus
    return 36  # Palet Standard


def _barcodes(awb_number: str) -> str:
    """Cargus takes AWB lists as a JSON array in the query string: ``[1093748239]``."""
    return f"[{awb_number}]" if awb_number.isdigit() else json.dumps([awb_number])


class CargusCourier(HttpCourier):
    code = "cargus"
    label = "Cargus"
    tracking_url_template = "https://www.cargus.ro/personal/urmareste-coletul/?tracking_number={awb}"
    services = (Service.ADDRESS, Service.LOCKER, Service.PICKUP)
    token_ttl = TOKEN_TTL

    def __init__(self, subscription_key: str | None = None, username: str | None = None, password: str | None = None,
                 base_url: str | None = None, *, session=None, pickup_location_id: int | None = None):
        """Credentials default to CARGUS_SUBSCRIPTION_KEY / _USERNAME / _PASSWORD (the registry calls ``cls()``)."""
        super().__init__(base_url=base_url or PRODUCTION_URL, session=session)
        self.subscription_key = settings.CARGUS_SUBSCRIPTION_KEY if subscription_key is None else subscription_key
        self.username = settings.CARGUS_USERNAME if username is None else username
        self.password = settings.CARGUS_PASSWORD if password is None else password
        self.pickup_location_id = pickup_location_id

    # --- auth -----------------------------------------------------------------------------------

    def _account(self) -> str:
        return f"{self.subscription_key[:8]}:{self.username}"

    def _key_headers(self) -> dict:
        return {"Ocp-Apim-Subscription-Key": self.subscription_key, "Accept": "application/json"}

    def _auth_headers(self, token: str) -> dict:
        return {**self._key_headers(), "Authorization": f"Bearer {token}"}

    def _login(self) -> tuple[str, int]:
        response = self._send("POST", "/LoginUser", headers=self._key_headers(),
                              json={"UserName": self.username, "Password": self.password})
        body = self._body(response)
        if response.status_code >= 400 or not isinstance(body, str) or len(body.strip()) < 10:
            raise self._refused(self._message(body) or "login failed", raw=body)
        return body.strip(), self.token_ttl

    @staticmethod
    def _message(body) -> str:
        if isinstance(body, str):
            return body
        if isinstance(body, list):
            return "; ".join(CargusCourier._message(item) for item in body)
        if isinstance(body, dict):
            for key in ("Error", "error", "Message", "message", "ErrorMessage"):
                if body.get(key):
                    return str(body[key])
            return json.dumps(body, ensure_ascii=False)[:300]
        return str(body or "")

    def _json(self, method: str, path: str, **kwargs):
        response = self._call(method, path, **kwargs)
        body = self._body(response)
        if response.status_code >= 400:
            raise self._refused(self._message(body), raw=body)
        return body

    # --- the interface --------------------------------------------------------------------------

    @staticmethod
    def _party(address) -> dict:
        return {
            "Name": address.name,
            "CountyName": address.county,
            "LocalityName": address.city,
            "StreetName": "",
            "BuildingNumber": "",
            "AddressText": address.street,
            "ContactPerson": address.contact or address.name,
            "PhoneNumber": address.phone,
            "Email": address.email,
            "CodPostal": address.postal_code,
            "CountryId": 1,  # Romania
        }

    def create_awb(self, request: AwbRequest) -> AwbResult:
        parcel = request.parcel
        weight = max(1, int(parcel.weight_kg.to_integral_value(rounding=ROUND_CEILING)))  # whole kilograms
        pudo = request.service in (Service.LOCKER, Service.PICKUP)
        body = {
            # Collected from the sender's address (the vendor, or the buyer for a return); a configured
            # pick-up location of the account (``LocationId``) is used instead when one is given.
            "Sender": {"LocationId": self.pickup_location_id} if self.pickup_location_id else self._party(request.sender),
            "Recipient": self._party(request.recipient),
            "Parcels": 1,
            "Envelopes": 0,
            "TotalWeight": weight,
            "ServiceId": PUDO_SERVICE if pudo else service_for(parcel.weight_kg),
            "DeclaredValue": float(request.declared_value),
            "CashRepayment": 0,
            "BankRepayment": float(request.cod_amount),  # collected into the collector account
            "OtherRepayment": "",
            "OpenPackage": False,
            "ShipmentPayer": 1,  # the sender (our account) pays
            "MorningDelivery": False,
            "SaturdayDelivery": False,
            "Observations": "",
            "PackageContent": request.contents,
            "CustomString": request.reference,
            "SenderReference1": request.reference,
            "ParcelCodes": [{
                "Code": "0", "Type": 1, "Weight": weight, "Length": parcel.length_cm, "Width": parcel.width_cm,
                "Height": parcel.height_cm, "ParcelContent": request.contents,
            }],
        }
        if pudo:
            body["DeliveryPudoPoint"] = int(request.locker_id) if request.locker_id.isdigit() else request.locker_id
        answer = self._json("POST", "/Awbs", json=body)
        barcode = answer[0] if isinstance(answer, list) and answer else answer
        if isinstance(barcode, dict):
            barcode = barcode.get("BarCode")
        barcode = str(barcode or "").strip().strip('"')
        if not barcode.isdigit():
            raise self._refused(self._message(answer), raw=answer)
        return AwbResult(awb_number=barcode, raw={"response": answer})

    def label_pdf(self, awb_number: str) -> bytes:
        params = {"barCodes": _barcodes(awb_number), "type": "PDF", "format": 1, "printMainOnce": 1}
        body = self._json("GET", "/AwbDocuments", params=params)
        try:
            pdf = base64.b64decode(body if isinstance(body, str) else "", validate=True)
        except (binascii.Error, ValueError):
            pdf = b""
        if not pdf.startswith(b"%PDF"):
            raise self._not_pdf(awb_number, raw=str(body)[:500])
        return pdf

    def tracking(self, awb_number: str) -> list[TrackingEvent]:
        body = self._json("GET", "/AwbTrace", params={"barCode": _barcodes(awb_number)})
        items = body if isinstance(body, list) else [body]
        found = next((i for i in items if isinstance(i, dict) and str(i.get("Code")) == str(awb_number)), None)
        if found is None:
            raise self._refused(f"AWB {awb_number} not found", raw=body)
        events = []
        for event in found.get("Event") or []:
            at = local_datetime(event.get("Date", ""))
            if at is None:
                continue
            description = event.get("Description", "")
            events.append(TrackingEvent(
                at=at, status=STATUS_BY_EVENT.get(event.get("EventId")) or status_from_words(description),
                description=description, location=event.get("LocalityName", ""),
                courier_code=str(event.get("EventId", "")),
            ))
        events.sort(key=lambda e: e.at)
        return events

    def lockers(self) -> list[Locker]:
        found = []
        for item in self._json("GET", "/PudoPoints") or []:
            street = " ".join(str(p) for p in (item.get("StreetName"), item.get("StreetNo")) if p)
            found.append(Locker(
                id=str(item["Id"]), name=item.get("Name", ""), address=street or item.get("Address", ""),
                city=item.get("City", ""), county=item.get("County", ""), postal_code=str(item.get("PostalCode") or ""),
                latitude=item.get("Latitude"), longitude=item.get("Longitude"),
            ))
        return found

    def cancel_awb(self, awb_number: str) -> None:
        answer = self._json("DELETE", "/Awbs", params={"barCode": awb_number})
        if answer is False or str(answer).strip().lower() in ("false", "0"):
            raise self._refused(f"AWB {awb_number} can no longer be cancelled (the courier has it)", raw=answer)
