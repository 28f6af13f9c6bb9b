import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from marketplace.administration.models import Role
from tests.factories import UserFactory, login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    login_with_second_factor(client, UserFactory(roles=["admin"], is_staff=True))
    return client


def grid_post_data(response) -> dict:
    """The boxes as the page rendered them: ticked ones are submitted."""
    data = {}
    for role in response.context["roles"]:
        for perm_id in role.permissions.values_list("pk", flat=True):
            data[f"perm-{role.pk}-{perm_id}"] = "on"
    return data


def test_grid_renders_roles_as_columns(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = admin_client.get(reverse("role_management"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ["Admin", "ShopManager", "Vendor", "Customer", "SupportAgent"]:
        assert name in body
    assert 'aria-label="Vendor:' in body


def test_ticking_a_box_grants_the_permission_to_the_group(admin_client):
    vendor = Role.objects.get(slug="vendor")
    approve = Permission.objects.get(codename="approve_vendor")
    page = admin_client.get(reverse("role_management"))
    data = grid_post_data(page)
    data[f"perm-{vendor.pk}-{approve.pk}"] = "on"
    response = admin_client.post(reverse("role_management"), data)
    assert response.status_code == 302
    assert vendor.group.permissions.filter(pk=approve.pk).exists()

    # unticking takes it away again, and leaves the other roles as they were
    manager_before = set(Role.objects.get(slug="shop-manager").group.permissions.values_list("pk", flat=True))
    del data[f"perm-{vendor.pk}-{approve.pk}"]
    admin_client.post(reverse("role_management"), data)
    assert not vendor.group.permissions.filter(pk=approve.pk).exists()
    assert set(Role.objects.get(slug="shop-manager").group.permissions.values_list("pk", flat=True)) == manager_before


def test_garbage_in_the_grid_is_ignored(admin_client):
    before = {r.pk: set(r.permissions.values_list("pk", flat=True)) for r in Role.objects.all()}
    page = admin_client.get(reverse("role_management"))
    data = {**grid_post_data(page), "perm-x-y": "on", "perm-1-999999": "on", "other": "1"}
    admin_client.post(reverse("role_management"), data)
    assert {r.pk: set(r.permissions.values_list("pk", flat=True)) for r in Role.objects.all()} == before


def test_a_manager_may_look_but_not_change_roles(client):
    login_with_second_factor(client, shop_manager())
    assert client.get(reverse("role_management")).status_code == 200
    vendor = Role.objects.get(slug="vendor")
    assert client.post(reverse("role_management"), {f"perm-{vendor.pk}-1": "on"}).status_code == 403
