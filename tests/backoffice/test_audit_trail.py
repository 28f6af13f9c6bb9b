"""The audit trail (issue 12, item 9): staff writes in the back offices and the money movements they
trigger are recorded by django-auditlog — who, what, before and after, when — and shown read-only in
the staff site to the Admin role and superusers only."""

from decimal import Decimal

import pytest
from auditlog.context import disable_auditlog, set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.administration.models import PlatformSettings, Role
from marketplace.administration.roles import ADMIN, SHOP_MANAGER
from marketplace.administration.selectors import permissions_for_grid
from marketplace.administration.services import role_assign
from marketplace.common.audit import AuditEntryImmutable
from marketplace.orders.models import Order, Payment
from marketplace.orders.services import order_mark_bank_transfer_paid, order_transition
from marketplace.products.models import Product
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_suspend
from tests.factories import (
    UserFactory,
    approved_vendor,
    buyable,
    customer,
    login_with_second_factor,
    shop_manager,
    store_product,
)
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


def entries_for(model, pk=None):
    entries = LogEntry.objects.get_for_model(model)
    return entries.filter(object_pk=str(pk)) if pk is not None else entries


@pytest.fixture
def admin_user():
    return UserFactory(roles=[ADMIN], is_staff=True, email="alexandra@snobistic.ro")


@pytest.fixture
def admin_client(client, admin_user):
    login_with_second_factor(client, admin_user)
    return client


# --- what is recorded ---------------------------------------------------------------------------
def test_a_settings_edit_in_the_staff_site_is_recorded_with_its_actor_and_values(client):
    manager = shop_manager()
    login_with_second_factor(client, manager)
    assert client.post(reverse("commission_settings"), {"commission_percent": "17.5"}).status_code == 302
    client.post(reverse("commission_settings"), {"commission_percent": "12"})
    entry = entries_for(PlatformSettings).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == manager
    before, after = entry.changes_dict["commission_percent"]
    assert (Decimal(before), Decimal(after)) == (Decimal("17.5"), Decimal("12"))
    assert entry.timestamp is not None and entry.remote_addr == "127.0.0.1"


def test_a_role_grid_edit_and_a_membership_are_recorded(admin_client, admin_user):
    vendor_role = Role.objects.get(slug="vendor")
    approve = Permission.objects.get(codename="approve_vendor")
    page = admin_client.get(reverse("role_management"))
    data = {}
    for role in page.context["roles"]:
        for perm_id in role.permissions.values_list("pk", flat=True):
            data[f"perm-{role.pk}-{perm_id}"] = "on"
    data[f"perm-{vendor_role.pk}-{approve.pk}"] = "on"
    assert admin_client.post(reverse("role_management"), data).status_code == 302
    granted = entries_for(Role, vendor_role.pk).get(actor=admin_user)
    assert granted.changes_dict["permissions"]["operation"] == "add"
    assert granted.changes_dict["permissions"]["objects"] == [str(approve)]

    person = UserFactory(is_staff=True)
    with set_actor(admin_user):  # as the user admin's role field does, through the role service
        role_assign(user=person, slug=SHOP_MANAGER)
    joined = entries_for(type(person), person.pk).get(actor=admin_user)
    assert joined.changes_dict["groups"]["operation"] == "add"


def test_a_shop_suspension_and_a_listing_rejection_in_the_staff_site_are_recorded(admin_client, admin_user):
    shop = approved_vendor()
    listing = store_product(shop, status="pending")
    suspend = reverse("admin:vendors_vendorprofile_suspend_detail", args=[shop.pk])
    assert admin_client.post(suspend, {"reason": "Documente lipsă"}).status_code == 302
    reject = reverse("validate_post", args=[listing.pk])
    admin_client.post(reject, {"decision": "reject", "reason": "Fotografii neclare"})
    suspended = entries_for(VendorProfile, shop.pk).get(actor=admin_user)
    assert suspended.changes_dict["status"] == ["approved", "suspended"]
    assert suspended.changes_dict["status_reason"] == ["", "Documente lipsă"]
    rejected = entries_for(Product, listing.pk).get(actor=admin_user)
    assert rejected.changes_dict["status"] == ["pending", "rejected"]


def test_marking_an_order_paid_and_cancelling_it_in_the_staff_site_record_the_money_movements(client):
    order = place_order(customer(), [buyable(approved_vendor(), price="17586.00")], payment_method="bank_transfer")
    manager = shop_manager()
    login_with_second_factor(client, manager)
    paid = reverse("admin:orders_order_mark_bank_transfer_paid", args=[order.pk])
    assert client.post(paid, {"bank_reference": "OP 4521", "_form_submitted": "on"}).status_code == 302
    cancel = reverse("admin:orders_order_cancel_with_refund", args=[order.pk])
    assert client.post(cancel, {"reason": "Clientul a renunțat.", "_form_submitted": "on"}).status_code == 302

    statuses = [e.changes_dict["status"] for e in entries_for(Order, order.pk).filter(actor=manager).order_by("pk")
                if "status" in e.changes_dict]
    assert statuses == [["pending_payment", "paid"], ["paid", "cancelled"]]
    payment = Payment.objects.get(order=order)
    moves = [e.changes_dict.get("status") for e in entries_for(Payment, payment.pk).filter(actor=manager).order_by("pk")]
    assert ["pending", "succeeded"] in moves  # the money marked received, by the manager
    assert any(m and m[0] == "succeeded" and m[1] in ("refunded", "refund_pending") for m in moves)  # and sent back


def test_a_vendor_shipping_their_parcel_in_the_vendor_site_is_recorded(client):
    shop = approved_vendor()
    order = place_order(customer(), [buyable(shop)], payment_method="bank_transfer")
    order_mark_bank_transfer_paid(order=order, actor=None, bank_reference="OP 1")
    order_transition(order=order, to_status=Order.Status.AWB_GENERATED, actor=None)
    login_with_second_factor(client, shop.user)
    shipment = order.shipments.get()
    assert client.post(reverse("vendors:orders_shipment_mark_shipped", args=[shipment.pk])).status_code == 302
    entry = entries_for(Order, order.pk).get(actor=shop.user)
    assert entry.changes_dict["status"] == ["awb_generated", "shipped"]


# --- the staff site's view of it ----------------------------------------------------------------
def test_the_admin_role_browses_filters_and_reads_a_diff(admin_client, admin_user):
    shop = approved_vendor(shop_name="Atelier Ana")
    with set_actor(admin_user):
        vendor_suspend(vendor=shop, actor=admin_user, reason="Documente lipsă")
    url = reverse("admin:auditlog_logentry_changelist")
    body = admin_client.get(url).content.decode()
    assert "Atelier Ana" in body and admin_user.email in body

    entry = entries_for(VendorProfile, shop.pk).get(actor=admin_user)
    vendor_type = entry.content_type_id
    filtered = admin_client.get(url, {"model": vendor_type, "actor": admin_user.pk})
    assert list(filtered.context["cl"].result_list) == [entry]
    assert list(admin_client.get(url, {"actor": "none", "model": vendor_type}).context["cl"].result_list) != [entry]

    page = admin_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).content.decode()
    assert "data-audit-diff" in page and "Documente lipsă" in page


def test_nobody_adds_changes_or_deletes_an_entry(admin_client, admin_user, client):
    with set_actor(admin_user):
        vendor_suspend(vendor=approved_vendor(), actor=admin_user, reason="Documente lipsă")
    entry = LogEntry.objects.filter(actor=admin_user).first()
    assert admin_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert admin_client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk])).status_code == 403
    page = admin_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).content.decode()
    assert 'name="_save"' not in page
    # the model refuses too
    repr_before = entry.object_repr
    entry.object_repr = "altceva"
    with pytest.raises(AuditEntryImmutable), transaction.atomic():
        entry.save()
    with pytest.raises(AuditEntryImmutable), transaction.atomic():
        entry.delete()
    with pytest.raises(AuditEntryImmutable), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.get(pk=entry.pk).object_repr == repr_before


def test_only_the_admin_role_and_superusers_see_it(client):
    url = reverse("admin:auditlog_logentry_changelist")
    manager = shop_manager()
    login_with_second_factor(client, manager)
    assert client.get(url).status_code == 403
    # a role's permission boxes do not open it (and the roles grid does not offer them)
    manager.user_permissions.add(Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry"))
    assert client.get(url).status_code == 403
    assert not permissions_for_grid().filter(content_type__app_label="auditlog").exists()
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


def test_the_list_costs_the_same_for_1_and_50_entries(admin_client, admin_user):
    url = reverse("admin:auditlog_logentry_changelist")
    with disable_auditlog():  # the rows the entries are about, themselves unrecorded
        shops = [approved_vendor() for _n in range(50)]
        staff = [UserFactory(is_staff=True) for _n in range(3)]

    def record(shop, n):  # entries about different shops, by different people (or a job)
        actor = None if n % 4 == 3 else staff[n % 3]
        LogEntry.objects.log_create(shop, action=LogEntry.Action.UPDATE, actor=actor,
                                    changes={"status": ["approved", "suspended"], "status_reason": ["", "x"]})

    def list_queries(rows):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == rows
        return len(queries)

    # the shops' entries only (the fixtures' own sign-up entries are about people)
    url = f"{url}?model={ContentType.objects.get_for_model(VendorProfile).pk}"
    record(shops[0], 0)
    one = list_queries(1)
    for n, shop in enumerate(shops[1:], start=1):
        record(shop, n)
    assert list_queries(50) == one


def test_the_trail_reads_in_romanian(admin_client, admin_user):
    shop = approved_vendor(shop_name="Atelier Ana")
    with set_actor(admin_user):
        vendor_suspend(vendor=shop, actor=admin_user, reason="Documente lipsă")
    body = admin_client.get(reverse("admin:auditlog_logentry_changelist"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    for label in ("Istoricul modificărilor", "Cine", "Câmpuri modificate", "modificare"):
        assert label in body, label
    entry = entries_for(VendorProfile, shop.pk).get(actor=admin_user)
    page = admin_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "Valorile înainte și după" in page and "Suspendat" in page  # the status by its Romanian label
