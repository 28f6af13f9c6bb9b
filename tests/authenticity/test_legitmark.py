"""The Legitmark adapter against recorded responses (shapes from docs.legitmark.com, Partner API v2), errors and timeouts."""

import json

import pytest
import requests
import responses
from django.test import override_settings

from marketplace.authenticity import services
from marketplace.authenticity.models import AuthenticationRequest, Certificate
from marketplace.authenticity.providers import ProviderError
from marketplace.authenticity.providers.legitmark import LegitmarkProvider
from marketplace.authenticity.tasks import authenticity_poll_task

pytestmark = pytest.mark.django_db
API, ASSETS = "https://api.legitmark.com", "https://media.legitmark.com"
SR = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
LEGITMARK = override_settings(
    LEGITMARK_API_KEY="leo_test_key", LEGITMARK_API_URL=API, LEGITMARK_ASSET_URL=ASSETS, LEGITMARK_SERVICE="31670fe9-9272-11ef-b98d-06fb0f2a63e5",
    LEGITMARK_TAXONOMY=json.dumps({"bags": {"category": "cc30b104-7c47-11ef-a623-02595575faeb", "type": "95e42d6b-7c4f-11ef-a623-02595575faeb"}}),
)

CREATED = {
    "success": True, "message": "Service request initiated successfully.",
    "sr": {"uuid": SR, "active": True, "micro_id": "998001", "external_id": "AUT-000001", "tab": "DRAFT", "source": "api",
           "state": {"primary": "DRAFT", "supplement": None}},
}
SIDES = {
    "success": True, "message": "The sr was successfully fetched.",
    "sr": {"uuid": SR, "sides": {
        "required": [
            {"uuid": "d5768e36-8197-11ef-be55-028adb369789", "name": "Front", "ordinal": 1, "required": True},
            {"uuid": "ec883c70-f896-47c9-81b6-8d6ff0b5856a", "name": "Interior Tag", "ordinal": 2, "required": True},
        ],
        "optional": [{"uuid": "d5772dfe-8197-11ef-be55-028adb369789", "name": "Hardware", "ordinal": 3, "required": False}],
        "progress": {"current_required": 0, "total_required": 2, "met": False},
    }},
}
SUBMITTED = {"success": True, "message": "Service request submitted.", "sr": {"uuid": SR, "state": {"primary": "QC", "supplement": None}}}
APPROVED = {
    "success": True, "message": "The sr was successfully fetched.",
    "sr": {"uuid": SR, "active": True, "state": {"primary": "COMPLETE", "supplement": "APPROVED"},
           "certificate_url": "https://media.legitmark.com/document/certificate/998001_legitmark_certificate.pdf"},
}


def _intent(side):
    return {"message": "Pre-signed URL generated successfully.", "url": f"https://s3.us-east-1.amazonaws.com/cdn.legitmark.com/sr/{SR}/{side}.jpg?X-Amz-Signature=abc"}


def _record_submission(rsps):
    rsps.post(f"{API}/api/v2/sr", json=CREATED)
    rsps.get(f"{API}/api/v2/sr/{SR}", json=SIDES, match=[responses.matchers.query_param_matcher({"item": "true", "sides": "true"})])
    for side in ("d5768e36-8197-11ef-be55-028adb369789", "ec883c70-f896-47c9-81b6-8d6ff0b5856a", "d5772dfe-8197-11ef-be55-028adb369789"):
        rsps.get(f"{ASSETS}/intent", json=_intent(side), match=[responses.matchers.query_param_matcher({"sr": SR, "side": f"{side}.jpg"})])
        rsps.put(f"https://s3.us-east-1.amazonaws.com/cdn.legitmark.com/sr/{SR}/{side}.jpg", status=200)
    rsps.post(f"{API}/api/v2/sr/{SR}/submit", json=SUBMITTED)


@LEGITMARK
def test_a_confirmed_request_goes_to_legitmark_and_its_approval_issues_a_certificate(make_request):
    with responses.RequestsMock() as rsps:
        _record_submission(rsps)
        request = make_request()  # confirmation queues the submit job (run inline in tests)
        created = json.loads(rsps.calls[0].request.body)
        assert rsps.calls[0].request.headers["Authorization"] == "Bearer leo_test_key"
        assert created["item"] == {"category": "cc30b104-7c47-11ef-a623-02595575faeb", "type": "95e42d6b-7c4f-11ef-a623-02595575faeb"}
        assert created["reference_id"] == request.reference
        puts = [call for call in rsps.calls if call.request.method == "PUT"]
        assert len(puts) == 3 and puts[0].request.headers["Content-Type"] == "image/jpeg"
    request.refresh_from_db()
    assert request.provider == "legitmark" and request.provider_reference == SR and request.status == "pending"

    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/api/v2/sr/{SR}", json={**APPROVED, "sr": {**APPROVED["sr"], "state": {"primary": "QC", "supplement": None}}})
        assert authenticity_poll_task() == 1
    request.refresh_from_db()
    assert request.status == "pending"  # still in Legitmark's hands

    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/api/v2/sr/{SR}", json=APPROVED)
        authenticity_poll_task()
    request.refresh_from_db()
    assert request.status == "validated" and request.verdict == "genuine" and request.reviewer_name == "Legitmark"
    assert services.certificate_verify(serial=Certificate.objects.get(request=request).serial).state == "valid"


@LEGITMARK
def test_a_rejection_is_not_genuine():
    request = AuthenticationRequest(pk=1, provider_reference=SR, category="bags")
    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/api/v2/sr/{SR}", json={**APPROVED, "sr": {**APPROVED["sr"], "state": {"primary": "COMPLETE", "supplement": "REJECTED"}}})
        outcome = LegitmarkProvider().outcome(request=request)
    assert outcome.done and outcome.verdict == "not_genuine"


@LEGITMARK
def test_an_api_error_leaves_the_request_with_the_staff(make_request):
    with responses.RequestsMock() as rsps:
        rsps.post(f"{API}/api/v2/sr", status=401, json={"success": False, "error": {"message": "Invalid API key"}})
        request = make_request()
    request.refresh_from_db()
    assert request.status == "pending" and request.provider == "staff" and request.provider_reference == ""
    assert "401" in request.provider_error and "Invalid API key" in request.provider_error


@LEGITMARK
def test_a_timeout_is_a_provider_error_not_a_verdict():
    request = AuthenticationRequest(pk=1, provider_reference=SR, category="bags")
    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/api/v2/sr/{SR}", body=requests.Timeout("read timed out"))
        with pytest.raises(ProviderError, match="Legitmark"):
            LegitmarkProvider().outcome(request=request)


@LEGITMARK
def test_a_category_without_a_mapping_is_refused_before_any_call():
    request = AuthenticationRequest(pk=1, category="watches")
    with responses.RequestsMock(), pytest.raises(ProviderError, match="watches"):
        LegitmarkProvider().submit(request=request, photos=[])


def test_without_credentials_the_staff_review():
    from marketplace.authenticity.providers import provider_for_review

    assert provider_for_review().name == "staff"
    with LEGITMARK:
        assert provider_for_review().name == "legitmark"
