import pytest
from django.core.exceptions import ValidationError

from marketplace.common.errors import NotFound
from marketplace.vendors.access import vendor_object, vendor_scope
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_apply, vendor_approve, vendor_suspend
from tests.factories import UserFactory, approved_vendor, customer

pytestmark = pytest.mark.django_db


def test_apply_approve_suspend_moves_role_and_status():
    user = customer()
    vendor = vendor_apply(user=user, shop_name="Casa Verde", legal_name="Casa Verde SRL", vat_number="ro 41283370", iban="RO16 BTRL RONC RT01 2345 6701")
    assert vendor.status == VendorProfile.Status.PENDING
    assert vendor.slug == "casa-verde"
    assert not user.has_role("vendor")

    manager = UserFactory(is_staff=True)
    vendor = vendor_approve(vendor=vendor, actor=manager)
    user = type(user).objects.get(pk=user.pk)
    assert vendor.status == VendorProfile.Status.APPROVED and vendor.status_changed_by == manager
    assert user.has_role("vendor")

    with pytest.raises(ValidationError):
        vendor_suspend(vendor=vendor, actor=manager, reason="  ")
    vendor = vendor_suspend(vendor=vendor, actor=manager, reason="Produse contrafăcute")
    user = type(user).objects.get(pk=user.pk)
    assert vendor.status == VendorProfile.Status.SUSPENDED
    assert not user.has_role("vendor")


def test_bad_applications_are_refused_and_leave_nothing():
    user = customer()
    with pytest.raises(ValidationError) as exc:
        vendor_apply(user=user, shop_name="X", legal_name="X SRL", vat_number="RO123", iban="nope")
    assert {"vat_number", "iban"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        vendor_apply(user=user, shop_name="Y", legal_name="Y SRL", vat_number="", iban="RO16BTRLRONCRT0123456701")
    assert not VendorProfile.objects.exists()
    private = vendor_apply(user=user, shop_name="Garderoba", legal_name="Ana Pop", vat_number="", iban="RO16BTRLRONCRT0123456701", is_private_seller=True)
    assert private.pk


def test_access_helpers_scope_to_the_signed_in_vendor():
    mine, theirs = approved_vendor(), approved_vendor()
    qs = VendorProfile.objects.all()
    assert list(vendor_scope(qs, user=mine.user, lookup="pk")) == [mine]
    assert vendor_object(qs, user=mine.user, pk=mine.pk, lookup="pk") == mine

    with pytest.raises(NotFound):
        vendor_object(qs, user=mine.user, pk=theirs.pk, lookup="pk")
    with pytest.raises(NotFound):
        vendor_object(qs, user=mine.user, pk="not-a-number", lookup="pk")
    assert list(vendor_scope(qs, user=customer(), lookup="pk")) == []
