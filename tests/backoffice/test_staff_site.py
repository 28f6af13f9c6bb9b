import pytest
from django.core.management import call_command
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.vendors.models import VendorProfile
from tests.factories import PASSWORD, UserFactory, VendorFactory, customer, shop_manager

pytestmark = pytest.mark.django_db


def test_staff_sign_in_on_admin_and_see_the_dashboard_with_demo_data(client):
    call_command("seed_demo", verbosity=0)
    manager = User.objects.get(email="manager@snobistic.ro")
    manager.set_password(PASSWORD)
    manager.save()
    response = client.post(reverse("admin:login"), {"username": "manager@snobistic.ro", "password": PASSWORD})
    assert response.status_code == 302
    dashboard = client.get(reverse("admin:index"))
    assert dashboard.status_code == 200
    body = dashboard.content.decode()
    assert "Vânzători aprobați" in body  # KPI card, Romanian by default
    assert dashboard.context["kpis"][1]["value"] == 2  # the two demo vendors


def test_customers_cannot_enter_the_staff_site(client):
    client.force_login(customer())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_staff_approve_a_vendor_from_the_back_office(client):
    manager = shop_manager()
    vendor = VendorFactory()
    client.force_login(manager)
    response = client.post(
        reverse("admin:vendors_vendorprofile_changelist"),
        {"action": "approve_selected", "_selected_action": [vendor.pk]},
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.APPROVED
    assert vendor.user.has_role("vendor")


def test_an_agent_without_approve_permission_cannot_approve(client):
    agent = UserFactory(roles=["support-agent"], is_staff=True)
    vendor = VendorFactory()
    client.force_login(agent)
    client.post(reverse("admin:vendors_vendorprofile_changelist"), {"action": "approve_selected", "_selected_action": [vendor.pk]})
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.PENDING


@pytest.mark.parametrize("url_name", ["admin:accounts_user_changelist", "admin:vendors_vendorprofile_changelist"])
def test_changelists_cost_the_same_queries_for_1_and_50_rows(client, url_name, django_assert_max_num_queries):
    admin = UserFactory(roles=["admin"], is_staff=True, is_superuser=True)
    client.force_login(admin)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx.captured_queries)

    VendorFactory()
    few = count_queries()
    for _ in range(49):
        VendorFactory(user=UserFactory(roles=["customer"]))
    assert count_queries() == few
