"""Legitmark (https://docs.legitmark.com), an outside authentication service, through its Partner API v2.

The documented flow: create a service request (``POST /api/v2/sr`` with our reference and the
item's taxonomy), read the photo "sides" it wants (``GET /api/v2/sr/{uuid}?item=true&sides=true``),
ask the asset host for a pre-signed upload URL per side (``GET {asset}/intent?sr=…&side={side}.jpg``)
and PUT the photo there, then submit (``POST /api/v2/sr/{uuid}/submit``). The result is read from
``GET /api/v2/sr/{uuid}?outcome=true``: ``state.primary`` becomes ``COMPLETE`` with
``state.supplement`` ``APPROVED`` or ``REJECTED``. Errors come as ``{"error": {"message": …}}``.

Settings (environment): ``LEGITMARK_API_KEY`` (Bearer, ``leo_…``; switches the provider on),
``LEGITMARK_API_URL``, ``LEGITMARK_ASSET_URL``, ``LEGITMARK_SERVICE`` (service UUID, optional)
and ``LEGITMARK_TAXONOMY`` (JSON: our category → ``{"category": uuid, "type": uuid}``).
"""

import json

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from .base import Outcome, ProviderError, ReviewProvider, Submission

TIMEOUT = (5, 30)  # connect, read (seconds)
UPLOAD_TIMEOUT = (5, 60)
VERDICTS = {"APPROVED": "genuine", "REJECTED": "not_genuine"}


def _taxonomy(category: str) -> dict:
    try:
        mapping = json.loads(settings.LEGITMARK_TAXONOMY or "{}")
    except ValueError:
        mapping = {}
    item = mapping.get(category)
    if not isinstance(item, dict) or not item.get("category") or not item.get("type"):
        raise ProviderError(_("Legitmark has no category configured for “%(category)s”.") % {"category": category})
    return {key: item[key] for key in ("category", "type", "brand") if item.get(key)}


class LegitmarkProvider(ReviewProvider):
    name = "legitmark"
    external = True

    def __init__(self, session: requests.Session | None = None):
        self.session = session or requests.Session()
        self.api = settings.LEGITMARK_API_URL.rstrip("/")
        self.assets = settings.LEGITMARK_ASSET_URL.rstrip("/")
        self.headers = {"Authorization": f"Bearer {settings.LEGITMARK_API_KEY}", "Accept": "application/json"}

    def _call(self, method: str, url: str, **kwargs) -> dict:
        try:
            response = self.session.request(method, url, headers=self.headers, timeout=TIMEOUT, **kwargs)
        except requests.Timeout as exc:
            raise ProviderError(_("Legitmark did not answer in time.")) from exc
        except requests.RequestException as exc:
            raise ProviderError(_("Legitmark could not be reached.")) from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code >= 400 or data.get("success") is False:
            error = data.get("error") if isinstance(data.get("error"), dict) else {}
            message = error.get("message") or data.get("message") or response.reason or ""
            raise ProviderError(
                _("Legitmark refused the request (HTTP %(status)s): %(message)s") % {"status": response.status_code, "message": message}
            )
        return data

    def _sides(self, uuid: str) -> list[str]:
        data = self._call("GET", f"{self.api}/api/v2/sr/{uuid}", params={"item": "true", "sides": "true"})
        sides = (data.get("sr") or {}).get("sides") or {}
        ordered = sorted(sides.get("required") or [], key=lambda s: s.get("ordinal") or 0) + sorted(
            sides.get("optional") or [], key=lambda s: s.get("ordinal") or 0
        )
        return [side["uuid"] for side in ordered if side.get("uuid")]

    def _upload(self, uuid: str, side: str, content: bytes, content_type: str) -> None:
        intent = self._call("GET", f"{self.assets}/intent", params={"sr": uuid, "side": f"{side}.jpg"})
        url = intent.get("url")
        if not url:
            raise ProviderError(_("Legitmark gave no upload address."))
        try:
            response = self.session.put(
                url, data=content, timeout=UPLOAD_TIMEOUT,
                headers={"Content-Type": content_type, "Cache-Control": "max-age=10", "x-amz-acl": "public-read"},
            )
        except requests.RequestException as exc:
            raise ProviderError(_("A photo could not be uploaded to Legitmark.")) from exc
        if response.status_code >= 400:
            raise ProviderError(_("A photo could not be uploaded to Legitmark (HTTP %(status)s).") % {"status": response.status_code})

    def submit(self, *, request, photos) -> Submission:
        body = {"reference_id": request.reference, "external_id": request.reference, "item": _taxonomy(request.category)}
        if settings.LEGITMARK_SERVICE:
            body["service"] = settings.LEGITMARK_SERVICE
        created = self._call("POST", f"{self.api}/api/v2/sr", json=body)
        uuid = (created.get("sr") or {}).get("uuid")
        if not uuid:
            raise ProviderError(_("Legitmark did not return a request id."))
        sides = self._sides(uuid)
        if len(sides) == 0:
            raise ProviderError(_("Legitmark asked for no photos; the request was not submitted."))
        for side, (_name, content, content_type) in zip(sides, photos, strict=False):
            self._upload(uuid, side, content, content_type)
        self._call("POST", f"{self.api}/api/v2/sr/{uuid}/submit")
        return Submission(reference=uuid)

    def outcome(self, *, request) -> Outcome:
        if not request.provider_reference:
            raise ProviderError(_("This request was never submitted to Legitmark."))
        data = self._call("GET", f"{self.api}/api/v2/sr/{request.provider_reference}", params={"outcome": "true"})
        sr = data.get("sr") or {}
        state = sr.get("state") or {}
        primary, supplement = state.get("primary") or "", state.get("supplement") or ""
        if sr.get("active") is False:
            return Outcome(
                done=True, verdict="cannot_tell", reviewer_name="Legitmark", state="INVALIDATED",
                notes=_("The authentication service could not process this piece."),
            )
        if primary != "COMPLETE":
            return Outcome(done=False, state=primary)
        return Outcome(done=True, verdict=VERDICTS.get(supplement, "cannot_tell"), reviewer_name="Legitmark", state=f"{primary}/{supplement}")
