"""The request's life: confirmation, photo limits, rate limits, payment, verdict and certificate."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from doors.errors import error_code
from marketplace.authenticity import services
from marketplace.authenticity.models import AuthenticationRequest, AuthenticitySettings, Certificate
from tests.factories import UserFactory

from .conftest import photos

Status = AuthenticationRequest.Status
pytestmark = pytest.mark.django_db


def test_a_guest_request_counts_only_after_the_emailed_link(make_request):
    request = make_request(confirm=False)
    assert request.status == Status.UNCONFIRMED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.com"]
    link = re.search(r"/authenticity/confirm/(\S+)/", mail.outbox[0].body).group(1)

    confirmed = services.authentication_request_confirm(token=link)

    assert confirmed.status == Status.PENDING and confirmed.email_confirmed_at is not None
    assert confirmed.photos.count() == 3 and all(len(p.sha256) == 64 for p in confirmed.photos.all())


def test_a_tampered_or_expired_confirmation_link_is_refused(make_request):
    request = make_request(confirm=False)
    token = services.confirm_token(request)
    with pytest.raises(ValidationError) as bad:
        services.authentication_request_confirm(token=token[:-2] + "xx")
    assert error_code(bad.value) == "invalid"
    with override_settings(AUTHENTICITY_CONFIRM_MAX_AGE=-1), pytest.raises(ValidationError) as old:
        services.authentication_request_confirm(token=token)
    assert error_code(old.value) == "expired"
    assert AuthenticationRequest.objects.get(pk=request.pk).status == Status.UNCONFIRMED


@pytest.mark.parametrize(("count", "code"), [(2, "too_few_photos"), (13, "too_many_photos")])
def test_photo_count_is_3_to_12(brand, count, code):
    with pytest.raises(ValidationError) as refused:
        services.authentication_request_create(
            email="a@example.com", brand_id=brand.pk, category="bags", model_name="Kelly", photos=photos(count)
        )
    assert error_code(refused.value) == code
    assert not AuthenticationRequest.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_like_a_listing_photo(brand):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = [*photos(2), SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")]
    with pytest.raises(ValidationError) as refused:
        services.authentication_request_create(email="a@example.com", brand_id=brand.pk, category="bags", model_name="K", photos=bad)
    assert error_code(refused.value) == "not_image"


def test_rate_limited_per_email_and_per_address(brand):
    def send(email, ip):
        return services.authentication_request_create(
            email=email, brand_id=brand.pk, category="bags", model_name="K", photos=photos(3), client_ip=ip
        )

    with override_settings(RATE_LIMITS={"authenticity_request": (100, 3600), "authenticity_email": (2, 3600)}):
        send("same@example.com", "1.1.1.1")
        send("SAME@example.com", "1.1.1.2")
        with pytest.raises(ValidationError) as refused:
            send("same@example.com", "1.1.1.3")
        assert error_code(refused.value) == "rate_limited"
    with override_settings(RATE_LIMITS={"authenticity_request": (1, 3600), "authenticity_email": (100, 3600)}):
        send("x1@example.com", "2.2.2.2")
        with pytest.raises(ValidationError) as refused:
            send("x2@example.com", "2.2.2.2")
        assert error_code(refused.value) == "rate_limited"


def test_a_priced_service_waits_for_a_real_payment(make_request, django_capture_on_commit_callbacks):
    AuthenticitySettings.objects.update_or_create(pk=1, defaults={"price": Decimal("150.00")})
    request = make_request()
    assert request.status == Status.AWAITING_PAYMENT and request.paid_at is None
    assert "150,00" in mail.outbox[-1].body
    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError) as refused:
        services.authentication_mark_paid(request=request, actor=staff, reference="")
    assert error_code(refused.value) == "reference_required"

    paid = services.authentication_mark_paid(request=request, actor=staff, reference="OP 123")

    assert paid.status == Status.PENDING and paid.paid_at is not None


def test_a_genuine_verdict_issues_a_signed_certificate(make_request, django_capture_on_commit_callbacks):
    request = make_request()
    expert = UserFactory(is_staff=True, first_name="Ioana", last_name="Pop")
    with django_capture_on_commit_callbacks(execute=True):
        services.authentication_review(request=request, actor=expert, verdict="genuine", notes="Cusături corecte.")
    request.refresh_from_db()
    certificate = Certificate.objects.get(request=request)
    assert request.status == Status.VALIDATED and request.reviewer_name == "Ioana Pop"
    assert request.certificate_url == f"/authenticity/certificate/{certificate.serial}.pdf"
    assert services.certificate_verify(serial=certificate.serial).state == "valid"
    assert certificate.serial in mail.outbox[-1].body and "Cusături corecte." in mail.outbox[-1].body


def test_not_genuine_needs_a_reason_and_gives_no_certificate(make_request):
    request = make_request()
    expert = UserFactory(is_staff=True)
    with pytest.raises(ValidationError) as refused:
        services.authentication_review(request=request, actor=expert, verdict="not_genuine", notes="")
    assert error_code(refused.value) == "reason_required"
    services.authentication_review(request=request, actor=expert, verdict="cannot_tell", notes="Fotografii neclare.")
    request.refresh_from_db()
    assert request.status == Status.REJECTED and request.certificate_url == ""
    assert not Certificate.objects.exists()
    with pytest.raises(ValidationError) as again:
        services.authentication_review(request=request, actor=expert, verdict="genuine")
    assert error_code(again.value) == "invalid_state"
