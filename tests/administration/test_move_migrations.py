"""A database migrated on the main of before issue 12 keeps every row when the models move.

PlatformSettings, PlatformSettingEntry and Role moved from ``backoffice`` to ``administration``,
ImportJob to ``products`` (tables kept, ``SeparateDatabaseAndState``); their content types follow,
so the permissions a role holds (which hang on the content type) stay the role's.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from marketplace.accounts.models import User
from marketplace.administration.models import PlatformSettingEntry, PlatformSettings, Role
from marketplace.administration.selectors import platform_settings
from marketplace.products.models import ImportJob
from tests.migration_steps import migrate, migrate_to_latest, reset_sequences, targets_before

# serialized_rollback: the data the migrations wrote (roles, permissions) is put back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The first migrations of the move: before them, backoffice held the four models.
NEW = [("backoffice", "0005_move_models_out_of_backoffice")]


def _old_rows(old):
    """Rows written with the historical (pre-move) models, as main had them."""
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    User = old.get_model("accounts", "User")
    assert ContentType.objects.filter(app_label="backoffice", model="role").exists()
    change_settings = Permission.objects.get(content_type__app_label="backoffice", codename="change_platformsettings")
    view_jobs = Permission.objects.get(content_type__app_label="backoffice", codename="view_importjob")
    view_product = Permission.objects.get(content_type__app_label="products", codename="view_product")

    old.get_model("backoffice", "PlatformSettings").objects.update_or_create(
        pk=1, defaults={"commission_percent": Decimal("12.50"), "return_days": 30, "bid_increments": [["0", "2"]]}
    )
    old.get_model("backoffice", "PlatformSettingEntry").objects.create(key="banner", value={"text": "Reduceri"})
    group = Group.objects.create(name="Auditor")
    role = old.get_model("backoffice", "Role").objects.create(name="Auditor", slug="auditor", group=group)
    role.permissions.set([change_settings, view_jobs, view_product])
    group.permissions.set([change_settings, view_jobs, view_product])
    user = User.objects.create(email="auditor@example.com", username="auditor", is_staff=True)
    user.groups.add(group)
    roles = {
        r.slug: set(r.permissions.values_list("content_type__model", "codename"))
        for r in old.get_model("backoffice", "Role").objects.all()
    }
    vendor_user = User.objects.create(email="shop@example.com", username="shop")
    vendor = old.get_model("vendors", "VendorProfile").objects.create(
        user=vendor_user, shop_name="Atelier", slug="atelier", status="approved", is_private_seller=True
    )
    old.get_model("backoffice", "ImportJob").objects.create(
        owner=vendor_user, vendor=vendor, source="imports/abc/sheet.csv", status="done", total=3, done=3, created_count=3
    )
    return user.pk, roles


def _check_rows_survived(user_pk, roles_before):
    config = platform_settings()
    assert (config.commission_percent, config.return_days) == (Decimal("12.50"), 30)
    assert config.bid_increments == ((Decimal("0"), Decimal("2")),)
    assert PlatformSettingEntry.objects.get(key="banner").value == {"text": "Reduceri"}
    role = Role.objects.get(slug="auditor")
    held = set(role.permissions.values_list("content_type__app_label", "codename"))
    assert held == {
        ("administration", "change_platformsettings"), ("products", "view_importjob"), ("products", "view_product")
    }
    # Every role (the presets too, when the test database still holds them) keeps every permission; the way back up
    # may grant the Admin role the permissions of models that later migrations add (wallet statements, invoices).
    after = {r.slug: set(r.permissions.values_list("content_type__model", "codename")) for r in Role.objects.all()}
    assert {slug: held & after.get(slug, set()) for slug, held in roles_before.items()} == roles_before
    user = User.objects.get(pk=user_pk)
    assert user.has_perm("administration.change_platformsettings") and user.has_perm("products.view_importjob")
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.vendor.shop_name) == ("done", 3, "Atelier")
    assert not ContentType.objects.filter(app_label="backoffice").exclude(model__in=[]).filter(
        model__in=["platformsettings", "platformsettingentry", "role", "importjob"]
    ).exists()
    assert PlatformSettings.objects.count() == 1


def test_an_old_database_keeps_settings_roles_permissions_and_import_jobs():
    """One trip down and up (a second one in the same process upsets PostgreSQL's test teardown).

    Two content types take the two paths of administration 0002: ``role`` is renamed in place;
    for ``platformsettings`` a twin under the new label already exists (as a create_permissions
    run between the steps would make), and the old permissions fold into the twin's.
    """
    reset_sequences()
    old = migrate(targets_before(*NEW))
    user_pk, roles_before = _old_rows(old)
    twin = ContentType.objects.create(app_label="administration", model="platformsettings")
    Permission.objects.create(content_type=twin, codename="change_platformsettings", name="Can change platform settings")

    migrate_to_latest()

    _check_rows_survived(user_pk, roles_before)
    assert Permission.objects.filter(codename="change_platformsettings").count() == 1
    assert ContentType.objects.get(app_label="administration", model="platformsettings") == twin
