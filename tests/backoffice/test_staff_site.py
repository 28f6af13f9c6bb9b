import pytest
from django.core.management import call_command
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.vendors.models import VendorProfile
from tests.accounts.helpers import enrol_email_codes
from tests.factories import PASSWORD, UserFactory, VendorFactory, customer, login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db


def test_staff_sign_in_on_admin_and_see_the_dashboard_with_demo_data(client):
    call_command("seed_demo", verbosity=0)
    manager = User.objects.get(email="manager@snobistic.ro")
    manager.set_password(PASSWORD)
    manager.save()
    login_page = client.get(reverse("admin:index"), follow=True)
    assert login_page.redirect_chain[-1][0].startswith(reverse("login"))
    response = client.post(reverse("login"), {"email": "manager@snobistic.ro", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    # no second factor yet: the back office sends the manager to enrol first
    enrol = client.get(reverse("admin:index"))
    assert enrol.status_code == 302 and enrol["Location"].startswith(reverse("two_factor_setup"))
    enrol_email_codes(client, manager, next_url="/admin/")  # after typing the code e-mailed to the account
    dashboard = client.get(reverse("admin:index"))
    assert dashboard.status_code == 200
    body = dashboard.content.decode()
    assert "Vânzători aprobați" in body  # KPI card, Romanian by default
    assert dashboard.context["kpis"][1]["value"] == 2  # the two demo vendors


def test_customers_cannot_enter_the_staff_site(client):
    client.force_login(customer())
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


def test_staff_approve_a_vendor_from_the_back_office(client):
    manager = shop_manager()
    vendor = VendorFactory()
    login_with_second_factor(client, manager)
    response = client.post(
        reverse("admin:vendors_vendorprofile_changelist"),
        {"action": "approve_selected", "_selected_action": [vendor.pk], "post": "yes"},
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.APPROVED
    assert vendor.user.has_role("vendor")


def test_an_agent_without_approve_permission_cannot_approve(client):
    agent = UserFactory(roles=["support-agent"], is_staff=True)
    vendor = VendorFactory()
    login_with_second_factor(client, agent)
    client.post(reverse("admin:vendors_vendorprofile_changelist"), {"action": "approve_selected", "_selected_action": [vendor.pk]})
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.PENDING


@pytest.mark.parametrize("url_name", ["admin:accounts_user_changelist", "admin:vendors_vendorprofile_changelist"])
def test_changelists_cost_the_same_queries_for_1_and_50_rows(client, url_name, django_assert_max_num_queries):
    admin = UserFactory(roles=["admin"], is_staff=True, is_superuser=True)
    login_with_second_factor(client, admin)

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
