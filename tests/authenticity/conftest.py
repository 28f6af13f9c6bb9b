import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.authenticity import services
from marketplace.authenticity.models import AuthenticationRequest
from tests.factories import catalogue, jpeg_bytes


def photo(name="p.jpg", colour=(200, 30, 30)):
    return SimpleUploadedFile(name, jpeg_bytes(colour=colour), content_type="image/jpeg")


def photos(n=3):
    return [photo(f"p{i}.jpg", colour=(10 * i, 30, 30)) for i in range(n)]


@pytest.fixture
def brand(db):
    return catalogue()["brand"]


@pytest.fixture
def make_request(brand, django_capture_on_commit_callbacks):
    """A guest's request, confirmed (in review, free service)."""

    def make(*, confirm=True, email="ana@example.com", n=3):
        with django_capture_on_commit_callbacks(execute=True):
            request = services.authentication_request_create(
                email=email, brand_id=brand.pk, category="bags", model_name="Birkin 30", details="2019",
                photos=photos(n), client_ip="10.0.0.1",
            )
        if confirm:
            with django_capture_on_commit_callbacks(execute=True):
                request = services.authentication_request_confirm(token=services.confirm_token(request))
        return AuthenticationRequest.objects.get(pk=request.pk)

    return make
