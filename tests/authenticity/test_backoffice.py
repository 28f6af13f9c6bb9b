"""The staff review queue and page: who may open it, the verdict with the brand's checklist, payment, revocation."""

import pytest
from django.urls import reverse

from marketplace.authenticity.models import AuthenticationRequest, BrandChecklist, Certificate
from tests.factories import customer, login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db
QUEUE = "/admin/authenticity/reviewqueueentry/"


def test_the_queue_is_for_staff_who_review(client, make_request):
    request = make_request()
    login_with_second_factor(client, customer(is_staff=False))
    assert client.get(QUEUE).status_code in (302, 403)
    assert client.get(reverse("authenticity_review", args=[request.pk])).status_code in (302, 403)

    client.logout()
    login_with_second_factor(client, shop_manager())
    response = client.get(QUEUE)
    assert response.status_code == 200 and request.reference in response.content.decode()


def test_the_queue_lists_in_a_fixed_number_of_queries(client, make_request, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_with_second_factor(client, shop_manager())
    make_request(email="a1@example.com")
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for index in range(4):
        make_request(email=f"b{index}@example.com")
    with CaptureQueriesContext(connection) as five:
        client.get(QUEUE)
    assert len(five) == len(one)


def test_a_verdict_from_the_review_page_with_the_brand_checklist(client, make_request, brand):
    BrandChecklist.objects.create(brand=brand, points="Ștanța logo\nCod de serie\nCusături")
    request = make_request()
    manager = shop_manager(first_name="Ioana", last_name="Pop")
    login_with_second_factor(client, manager)
    url = reverse("authenticity_review", args=[request.pk])
    page = client.get(url).content.decode()
    assert "Ștanța logo" in page and "data-zoom" in page and page.count("<img") >= 3

    refused = client.post(url, {"action": "verdict", "verdict": "not_genuine", "notes": ""})
    assert refused.status_code == 400
    response = client.post(url, {"action": "verdict", "verdict": "genuine", "check-0": "on", "check-2": "on", "notes": "OK"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "validated" and request.checklist == {"Ștanța logo": True, "Cod de serie": False, "Cusături": True}
    certificate = Certificate.objects.get(request=request)

    client.post(url, {"action": "revoke", "reason": "Eroare de identificare."})
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == manager


def test_staff_record_the_bank_transfer_of_a_priced_request(client, make_request):
    from decimal import Decimal

    from marketplace.authenticity.models import AuthenticitySettings

    AuthenticitySettings.objects.update_or_create(pk=1, defaults={"price": Decimal("99.00")})
    request = make_request()
    assert request.status == AuthenticationRequest.Status.AWAITING_PAYMENT
    login_with_second_factor(client, shop_manager())
    client.post(reverse("authenticity_review", args=[request.pk]), {"action": "paid", "reference": "OP 77"})
    request.refresh_from_db()
    assert request.status == "pending" and request.payment_reference == "OP 77"
