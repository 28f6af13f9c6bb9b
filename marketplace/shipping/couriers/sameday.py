"""Sameday (sameday.ro), with delivery to easybox lockers.

Written against Sameday's API as its official PHP SDK speaks it (github.com/sameday-courier/php-sdk,
``src/Sameday/Requests/*`` and ``docs/reference/*.md``):

- ``POST /api/authenticate`` with ``X-AUTH-USERNAME`` / ``X-AUTH-PASSWORD`` → ``{token, expire_at}``;
  every other call sends ``X-AUTH-TOKEN``, and a 401/403 means log in again (as the SDK does);
- ``POST /api/awb`` (form-encoded, PHP brackets) → ``{awbNumber, awbCost, parcels, pdfLink}``;
- ``GET /api/awb/download/{awb}/A6`` → the label PDF;
- ``GET /api/client/awb/{awb}/status`` → ``{expeditionSummary, expeditionStatus, expeditionHistory}``;
- ``GET /api/client/lockers?page=&countPerPage=`` → paginated easybox lockers;
- ``DELETE /api/awb/{awb}``;
- ``GET /api/client/status-sync?startTimestamp=&endTimestamp=&page=&countPerPage=`` → every status
  change of the account's parcels in a window of at most 7200 s, paginated: ``{data: [{statusId,
  status, statusLabel, statusState, statusDate, reasonId, reason, parcelAwbNumber, parcelDetails}],
  pages}`` (``SamedayGetStatusSyncRequest``/``Response``); a parcel's number is the AWB + 3 digits;
- ``GET /api/client/pickup-points`` and ``/api/client/services``: the account's own ids, which differ
  between the demo and the production host (SDK README), so they are read once and cached.

Errors: 400 ``{code, message, errors: {children: {field: {errors: [...]}}}}`` (SDK's
``SamedayBadRequestException``); 5xx → server error. Hosts: production ``https://api.sameday.ro``;
sandbox ``https://sameday-api.demo.zitec.com`` (separate demo account).
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from ._http import BUCHAREST, HttpCourier, local_datetime, php_form, status_from_words
from .base import AwbRequest, AwbResult, Locker, Service, TrackingEvent, TrackingStatus

PRODUCTION_URL = "https://api.sameday.ro"
SANDBOX_URL = "https://sameday-api.demo.zitec.com"

# Service codes as Sameday names them in GET /api/client/services ("24" = next-day to the door,
# "LN" = locker next-day, delivered to an easybox).
ADDRESS_SERVICE_CODE = "24"
LOCKER_SERVICE_CODE = "LN"

# Sameday status ids whose meaning is shown in its documentation and recorded answers; any other id
# is read from its wording (status / statusLabel / statusState).
STATUS_BY_ID = {
    1: TrackingStatus.CREATED,  # "AWB Emis" — Document de transport emis
}


def _errors(body) -> list[str]:
    """Sameday's nested form errors, flattened to "field: message" lines (as the SDK collects them)."""
    found: list[str] = []

    def walk(node, path):
        if not isinstance(node, dict):
            return
        errors = node.get("errors")
        if isinstance(errors, list):
            found.extend(f"{'.'.join(path)}: {e}" if path else str(e) for e in errors)
        elif isinstance(errors, dict):
            walk(errors, path)
        for child, sub in (node.get("children") or {}).items():
            walk(sub, [*path, child])

    walk(body, [])
    return found


class SamedayCourier(HttpCourier):
    code = "sameday"
    label = "Sameday"
    tracking_url_template = "https://sameday.ro/#awb={awb}"
    services = (Service.ADDRESS, Service.LOCKER)

    def __init__(self, username: str | None = None, password: str | None = None, base_url: str | None = None, *,
                 session=None, pickup_point_id: int | None = None, contact_person_id: int | None = None):
        """Credentials default to SAMEDAY_USERNAME / SAMEDAY_PASSWORD / SAMEDAY_API_URL (the registry calls ``cls()``)."""
        base_url = base_url or getattr(settings, "SAMEDAY_API_URL", "") or PRODUCTION_URL
        super().__init__(base_url=base_url, session=session)
        self.username = settings.SAMEDAY_USERNAME if username is None else username
        self.password = settings.SAMEDAY_PASSWORD if password is None else password
        self.pickup_point_id, self.contact_person_id = pickup_point_id, contact_person_id

    # --- auth -----------------------------------------------------------------------------------

    def _account(self) -> str:
        return self.username

    def _auth_headers(self, token: str) -> dict:
        return {"X-AUTH-TOKEN": token, "Accept": "application/json"}

    def _login(self) -> tuple[str, int]:
        response = self._send(
            "POST", "/api/authenticate",
            headers={"X-AUTH-USERNAME": self.username, "X-AUTH-PASSWORD": self.password, "Accept": "application/json"},
            data={"remember_me": "1"},
        )
        body = self._body(response)
        if response.status_code >= 400 or not isinstance(body, dict) or not body.get("token"):
            message = body.get("message", "") if isinstance(body, dict) else str(body)
            raise self._refused(message or "authentication failed", raw=body)
        ttl = self.token_ttl
        try:
            expires = datetime.strptime(body.get("expire_at") or "", "%Y-%m-%d %H:%M").replace(tzinfo=BUCHAREST)
            ttl = int((expires - datetime.now(BUCHAREST)).total_seconds()) - 300
        except ValueError:
            pass
        return body["token"], ttl

    def _call(self, method, path, **kwargs):
        response = super()._call(method, path, **kwargs)
        if response.status_code == 403:  # the SDK treats 403 like 401: the token is no longer good
            self._forget_token()
            response = super()._call(method, path, **kwargs)
        return response

    def _json(self, method: str, path: str, **kwargs):
        response = self._call(method, path, **kwargs)
        body = self._body(response)
        if response.status_code >= 400:
            raise self._refused(self._message(body), raw=body)
        return body

    @staticmethod
    def _message(body) -> str:
        if isinstance(body, dict):
            details = _errors(body)
            message = body.get("message") or ""
            return "; ".join([message, *details]) if details else message
        return str(body or "")

    # --- the account's pickup point and services ------------------------------------------------

    def _pickup(self) -> tuple[int, int | None]:
        if self.pickup_point_id:
            return self.pickup_point_id, self.contact_person_id
        key = self._cache_key(self.username).replace(":token:", ":pickup:")
        found = cache.get(key)
        if not found:
            points = self._json("GET", "/api/client/pickup-points", params={"page": 1, "countPerPage": 50}).get("data") or []
            if not points:
                raise self._refused("the account has no pickup point")
            point = next((p for p in points if p.get("defaultPickupPoint")), points[0])
            people = point.get("pickupPointContactPerson") or []
            person = next((c for c in people if c.get("defaultContactPerson")), people[0] if people else None)
            found = (point["id"], person["id"] if person else None)
            cache.set(key, found, 24 * 3600)
        return found

    def _service_id(self, service: str) -> int:
        key = self._cache_key(self.username).replace(":token:", ":services:")
        services = cache.get(key)
        if services is None:
            services = self._json("GET", "/api/client/services", params={"page": 1, "countPerPage": 100}).get("data") or []
            cache.set(key, services, 24 * 3600)
        wanted = LOCKER_SERVICE_CODE if service == Service.LOCKER else ADDRESS_SERVICE_CODE
        chosen = next((s for s in services if str(s.get("serviceCode")) == wanted), None)
        if chosen is None and service != Service.LOCKER:
            chosen = next((s for s in services if s.get("defaultServices")), None)
        if chosen is None:
            raise self._refused(f"the account has no service {wanted}")
        return chosen["id"]

    # --- the interface --------------------------------------------------------------------------

    @staticmethod
    def _entity(address) -> dict:
        return {
            "name": address.name,
            "phoneNumber": address.phone,
            "personType": 0,  # individual (PersonType::INDIVIDUAL)
            "cityString": address.city,
            "countyString": address.county,
            "address": address.street,
            "postalCode": address.postal_code or None,
        }

    def create_awb(self, request: AwbRequest) -> AwbResult:
        pickup_point, contact_person = self._pickup()
        parcel = request.parcel
        recipient = {**self._entity(request.recipient), "email": request.recipient.email or None}
        body = {
            "pickupPoint": pickup_point,
            "contactPerson": contact_person,
            "packageType": 0,  # parcel (PackageType::PARCEL)
            "packageNumber": 1,
            "packageWeight": parcel.weight_kg,
            "service": self._service_id(request.service),
            "awbPayment": 1,  # the client (us) pays the delivery (AwbPaymentType::CLIENT)
            "cashOnDelivery": request.cod_amount,
            "cashOnDeliveryReturns": 1 if request.cod_amount else None,
            "insuredValue": request.declared_value,
            # The courier collects from the sender (the vendor, or the buyer for a return), not from the
            # account's own pickup point: Sameday's "third party pickup".
            "thirdPartyPickup": True,
            "thirdParty": self._entity(request.sender),
            "awbRecipient": recipient,
            "parcels": [{"weight": parcel.weight_kg, "width": parcel.width_cm, "length": parcel.length_cm,
                         "height": parcel.height_cm}],
            "observation": request.contents or None,
            "clientInternalReference": request.reference,
            "lockerLastMile": request.locker_id if request.service == Service.LOCKER else None,
        }
        answer = self._json("POST", "/api/awb", data=php_form(body))
        if not isinstance(answer, dict) or not answer.get("awbNumber"):
            raise self._refused(self._message(answer), raw=answer)
        cost = answer.get("awbCost")
        return AwbResult(
            awb_number=str(answer["awbNumber"]),
            price=Decimal(str(cost)).quantize(Decimal("0.01")) if cost is not None else None,
            raw=answer,
        )

    def label_pdf(self, awb_number: str) -> bytes:
        response = self._call("GET", f"/api/awb/download/{awb_number}/A6")
        if response.status_code >= 400:
            raise self._refused(self._message(self._body(response)), raw=self._body(response))
        if not response.content.startswith(b"%PDF"):
            raise self._not_pdf(awb_number, raw=response.text[:500])
        return response.content

    def tracking(self, awb_number: str) -> list[TrackingEvent]:
        body = self._json("GET", f"/api/client/awb/{awb_number}/status")
        events = []
        for item in body.get("expeditionHistory") or []:
            at = local_datetime(item.get("statusDate", ""))
            if at is None:
                continue
            words = (item.get("status", ""), item.get("statusLabel", ""), item.get("statusState", ""))
            status = STATUS_BY_ID.get(item.get("statusId")) or status_from_words(*words)
            events.append(TrackingEvent(
                at=at, status=status,
                description=item.get("statusLabel") or item.get("status") or "",
                location=item.get("transitLocation") or item.get("county") or "",
                courier_code=str(item.get("statusId", "")),
            ))
        events.sort(key=lambda e: e.at)  # Sameday lists the newest first
        summary = body.get("expeditionSummary") or {}
        if summary.get("canceled") and not any(e.status == TrackingStatus.CANCELLED for e in events):
            last = events[-1].at if events else datetime.now(BUCHAREST)
            events.append(TrackingEvent(at=last, status=TrackingStatus.CANCELLED, description="AWB anulat"))
        return events

    status_feed = True
    status_feed_window_s = 7200  # "the difference between starting and ending timestamps cannot be bigger than 7200"

    def status_changes(self, since: datetime, until: datetime) -> list[tuple[str, TrackingEvent]]:
        changes, start = [], int(since.timestamp())
        end_all = int(until.timestamp())
        while start < end_all:
            end = min(start + self.status_feed_window_s, end_all)
            page, pages = 1, 1
            while page <= pages:
                body = self._json("GET", "/api/client/status-sync", params={
                    "startTimestamp": start, "endTimestamp": end, "page": page, "countPerPage": 500,
                })
                pages = int(body.get("pages") or 1) if isinstance(body, dict) else 1
                for item in (body.get("data") if isinstance(body, dict) else None) or []:
                    event = self._feed_event(item)
                    if event is not None:
                        changes.append(event)
                page += 1
            start = end
        return changes

    @staticmethod
    def _feed_event(item: dict) -> tuple[str, TrackingEvent] | None:
        at = local_datetime(item.get("statusDate", ""))
        parcel = str(item.get("parcelAwbNumber") or "")
        if at is None or len(parcel) <= 3:
            return None
        words = (item.get("status", ""), item.get("statusLabel", ""), item.get("statusState", ""))
        status = STATUS_BY_ID.get(item.get("statusId")) or status_from_words(*words)
        # A parcel's number is its AWB followed by the parcel's three-digit index (1SDY…423 + 001).
        return parcel[:-3], TrackingEvent(
            at=at, status=status, description=item.get("statusLabel") or item.get("status") or "",
            location=item.get("transitLocation") or item.get("county") or "", courier_code=str(item.get("statusId", "")),
        )

    def lockers(self) -> list[Locker]:
        found, page, pages = [], 1, 1
        while page <= pages:
            body = self._json("GET", "/api/client/lockers", params={"page": page, "countPerPage": 500})
            pages = int(body.get("pages") or 1)
            for item in body.get("data") or []:
                found.append(Locker(
                    id=str(item["lockerId"]), name=item.get("name", ""), address=item.get("address", ""),
                    city=item.get("city", ""), county=item.get("county", ""),
                    postal_code=item.get("postalCode") or "",
                    latitude=item.get("lat"), longitude=item.get("lng"),
                ))
            page += 1
        return found

    def cancel_awb(self, awb_number: str) -> None:
        self._json("DELETE", f"/api/awb/{awb_number}")
