"""Certificates: signed with Ed25519 under a key id, verified against the public keys; altered, forged, revoked, rotated."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.test import override_settings
from pypdf import PdfReader

from doors.errors import error_code
from marketplace.authenticity import services, signing
from marketplace.authenticity.models import AuthenticationRequest, Certificate
from marketplace.authenticity.pdf import certificate_pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _b64_private(key) -> str:
    return base64.b64encode(key.private_bytes_raw()).decode()


def _b64_public(key) -> str:
    return base64.b64encode(key.public_key().public_bytes_raw()).decode()


@pytest.fixture
def certified(make_request):
    def make():
        request = make_request()
        services.authentication_review(request=request, actor=UserFactory(is_staff=True), verdict="genuine")
        return Certificate.objects.get(request=request)

    return make


def test_signed_with_the_configured_key_and_its_id():
    old, new = _key(), _key()
    with override_settings(AUTHENTICITY_SIGNING_KEYS=f"k1={_b64_private(old)},k2={_b64_private(new)}", AUTHENTICITY_SIGNING_KEY_ID=""):
        key_id, signature = signing.sign({"serial": "X"})
        assert key_id == "k2"  # the last listed signs when none is named
        assert signing.verify({"serial": "X"}, key_id="k2", signature=signature)
        assert not signing.verify({"serial": "Y"}, key_id="k2", signature=signature)
        assert not signing.verify({"serial": "X"}, key_id="k1", signature=signature)
        assert not signing.verify({"serial": "X"}, key_id="nope", signature=signature)


def test_rotation_old_certificates_still_verify_with_the_retired_public_key(certified):
    old, new = _key(), _key()
    with override_settings(AUTHENTICITY_SIGNING_KEYS=f"2025={_b64_private(old)}"):
        before = certified()
    assert before.key_id == "2025"
    # The old private key is removed; its public half stays in AUTHENTICITY_VERIFY_KEYS.
    with override_settings(AUTHENTICITY_SIGNING_KEYS=f"2026={_b64_private(new)}", AUTHENTICITY_VERIFY_KEYS=f"2025={_b64_public(old)}"):
        after = certified()
        assert after.key_id == "2026"
        assert services.certificate_verify(serial=before.serial).state == "valid"
        assert services.certificate_verify(serial=after.serial).state == "valid"
    # Without the retired public key, the old certificate can no longer be checked: it does not verify.
    with override_settings(AUTHENTICITY_SIGNING_KEYS=f"2026={_b64_private(new)}", AUTHENTICITY_VERIFY_KEYS=""):
        assert services.certificate_verify(serial=before.serial).state == "invalid"


def test_a_certificate_altered_in_the_database_fails(certified):
    certificate = certified()
    AuthenticationRequest.objects.filter(pk=certificate.request_id).update(model_name="Birkin 35")
    assert services.certificate_verify(serial=certificate.serial).state == "invalid"


def test_a_swapped_photo_hash_or_a_forged_signature_fails(certified):
    certificate = certified()
    photo = certificate.request.photos.first()
    type(photo).objects.filter(pk=photo.pk).update(sha256="0" * 64)
    assert services.certificate_verify(serial=certificate.serial).state == "invalid"

    other = certified()
    forged = _key().sign(signing.canonical(services.certificate_payload(other)))
    Certificate.objects.filter(pk=other.pk).update(signature=base64.b64encode(forged).decode())
    assert services.certificate_verify(serial=other.serial).state == "invalid"


def test_an_unknown_serial_is_unknown(client, certified):
    certified()
    assert services.certificate_verify(serial="SNB-AAAA-BBBB-CCCC").state == "unknown"
    response = client.get("/verify/SNB-AAAA-BBBB-CCCC/")
    assert response.status_code == 404 and b'data-verification="unknown"' in response.content


def test_the_verify_page_shows_valid_then_revoked(client, certified):
    certificate = certified()
    response = client.get(f"/verify/{certificate.serial}/")
    assert response.status_code == 200 and b'data-verification="valid"' in response.content
    assert "Birkin 30" in response.content.decode()

    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError) as refused:
        services.certificate_revoke(certificate=certificate, actor=staff, reason=" ")
    assert error_code(refused.value) == "reason_required"
    services.certificate_revoke(certificate=certificate, actor=staff, reason="Piesa a fost modificată.")

    response = client.get(f"/verify/{certificate.serial}/")
    assert b'data-verification="revoked"' in response.content and "Piesa a fost modificată." in response.content.decode()
    assert client.get(certificate.pdf_url).status_code == 404  # a revoked certificate is no longer handed out
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, actor=staff, reason="again")


def test_the_pdf_carries_serial_details_and_a_qr_to_verify(client, certified):
    certificate = certified()
    response = client.get(certificate.pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = certificate_pdf(certificate, verify_url=f"https://snobistic.ro/verify/{certificate.serial}/")
    import io

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert certificate.serial in text and "Birkin 30" in text and "Hermès" in text
    assert f"/verify/{certificate.serial}/" in text


def test_production_refuses_to_start_without_signing_keys():
    from tests.config.test_settings import PRODUCTION_ENV, _setup

    result = _setup({k: v for k, v in PRODUCTION_ENV.items() if k != "AUTHENTICITY_SIGNING_KEYS"})
    assert result.returncode != 0 and "AUTHENTICITY_SIGNING_KEYS" in result.stderr
    assert _setup(PRODUCTION_ENV).returncode == 0
