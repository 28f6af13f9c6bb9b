"""The guest's pages: the request form (no account), its refusals, the e-mailed link, the status link."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from marketplace.authenticity.models import AuthenticationRequest

from .conftest import photos

pytestmark = pytest.mark.django_db
URL = "/authenticity/"


def _post(client, brand, n=3, email="guest@example.com", **extra):
    data = {"email": email, "brand": brand.pk, "category": "bags", "model_name": "Birkin 30", "details": "", "photos": photos(n)}
    return client.post(URL, data, **extra)


def test_the_page_asks_for_photos_from_the_camera_with_a_guide_per_category(client, brand):
    page = client.get(URL).content.decode()
    assert 'accept="image/*" capture="environment" multiple' in page
    assert page.count("data-guide=") == 6 and "seri" in page.lower()  # serial / seria, by language


def test_a_guest_request_confirm_and_follow(client, brand, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, brand)
    assert response.status_code == 302 and response["Location"] == "/authenticity/sent/"
    request = AuthenticationRequest.objects.get()
    assert request.status == "unconfirmed" and request.requested_by is None
    confirm = re.search(r"(/authenticity/confirm/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        status_page = client.get(confirm, follow=True)
    assert b'data-auth-status="pending"' in status_page.content
    request.refresh_from_db()
    assert request.status == "pending"
    assert "/authenticity/status/" in mail.outbox[-1].body  # the received e-mail carries the status link
    assert client.get("/authenticity/status/forged-token/").status_code == 404
    assert client.get("/authenticity/confirm/forged-token/").status_code == 400


def test_too_few_photos_show_on_the_form(client, brand):
    response = _post(client, brand, n=2)
    page = response.content.decode()
    assert response.status_code == 400 and ("cel puțin 3" in page or "at least 3" in page)
    assert not AuthenticationRequest.objects.exists()


def test_the_rate_limit_answers_429(client, brand):
    with override_settings(RATE_LIMITS={"authenticity_request": (1, 3600), "authenticity_email": (100, 3600)}):
        assert _post(client, brand, email="a@example.com").status_code == 302
        refused = _post(client, brand, email="b@example.com")
    assert refused.status_code == 429
    assert AuthenticationRequest.objects.count() == 1
