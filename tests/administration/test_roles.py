import pytest
from django.contrib.auth.models import Group, Permission

from marketplace.administration.models import Role
from marketplace.administration.roles import PRESET_ROLES
from marketplace.administration.services import role_permissions_set

pytestmark = pytest.mark.django_db


def perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_the_five_preset_roles_exist_with_their_groups():
    roles = {r.slug: r for r in Role.objects.select_related("group")}
    assert set(PRESET_ROLES) <= set(roles)
    assert {roles[s].name for s in PRESET_ROLES} == {"Admin", "ShopManager", "Vendor", "Customer", "SupportAgent"}
    for role in roles.values():
        assert role.group is not None and role.group.name == role.name
        assert set(role.group.permissions.all()) == set(role.permissions.all())


def test_preset_permission_sets_are_sensible():
    manager = Role.objects.get(slug="shop-manager")
    vendor = Role.objects.get(slug="vendor")
    agent = Role.objects.get(slug="support-agent")
    assert perm("vendors", "approve_vendor") in manager.permissions.all()
    assert perm("administration", "change_platformsettings") in manager.permissions.all()
    assert perm("vendors", "can_view_vendor_dashboard") in vendor.permissions.all()
    assert perm("administration", "change_platformsettings") not in agent.permissions.all()
    assert not vendor.permissions.filter(content_type__app_label="administration").exists()
    assert Role.objects.get(slug="admin").permissions.count() >= Permission.objects.filter(
        content_type__app_label__in=["accounts", "vendors", "administration", "products"]
    ).count()


def test_role_group_sync_create_rename_permissions_delete():
    # create: a group of the same name appears
    role = Role.objects.create(name="Authenticator", slug="authenticator")
    group = Group.objects.get(name="Authenticator")
    assert role.group == group

    # rename: the group follows
    role.name = "Expert autentificare"
    role.save()
    group.refresh_from_db()
    assert group.name == "Expert autentificare"
    assert not Group.objects.filter(name="Authenticator").exists()

    # change permissions: the group holds exactly the role's permissions
    view_vendor, approve = perm("vendors", "view_vendorprofile"), perm("vendors", "approve_vendor")
    role_permissions_set(role=role, permissions=[view_vendor, approve])
    assert set(group.permissions.all()) == {view_vendor, approve}
    role.permissions.remove(approve)
    assert set(group.permissions.all()) == {view_vendor}
    role.permissions.clear()
    assert group.permissions.count() == 0

    # delete: the group goes too
    role.delete()
    assert not Group.objects.filter(pk=group.pk).exists()


def test_a_member_gets_the_role_permissions_through_the_group():
    from tests.factories import UserFactory

    role = Role.objects.create(name="Catalogue editor", slug="catalogue-editor")
    user = UserFactory(roles=["catalogue-editor"])
    assert not user.has_perm("products.change_brand")
    role_permissions_set(role=role, permissions=[perm("products", "change_brand")])
    user = type(user).objects.get(pk=user.pk)  # permission cache is per instance
    assert user.has_perm("products.change_brand")
