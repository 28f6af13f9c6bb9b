"""Staff open, approve and suspend a shop from its page in the back office (issue 11, items 1 and 8).

Admin and ShopManager hold ``vendors.approve_vendor``; SupportAgent only sees shops. Approving and
suspending change nothing on a GET: the link opens a confirmation page whose form posts back.
"""

import pytest
from django.urls import reverse

from marketplace.vendors.models import VendorProfile
from tests.factories import UserFactory, VendorFactory, approved_vendor, login_with_second_factor

pytestmark = pytest.mark.django_db

MAY_APPROVE = {"admin": True, "shop-manager": True, "support-agent": False}


def staff(role: str):
    return UserFactory(roles=[role], is_staff=True)


def change_url(vendor):
    return reverse("admin:vendors_vendorprofile_change", args=[vendor.pk])


def approve_url(vendor):
    return reverse("admin:vendors_vendorprofile_approve_detail", args=[vendor.pk])


def suspend_url(vendor):
    return reverse("admin:vendors_vendorprofile_suspend_detail", args=[vendor.pk])


@pytest.mark.parametrize("role", MAY_APPROVE)
def test_every_staff_role_opens_a_shop_page(client, role):
    # given a pending shop and a signed-in staff member
    vendor = VendorFactory()
    login_with_second_factor(client, staff(role))
    # when they open the shop's page
    response = client.get(change_url(vendor))
    # then it opens, and offers approving only to those who may approve
    assert response.status_code == 200
    body = response.content.decode()
    assert vendor.shop_name in body
    assert (approve_url(vendor) in body) is MAY_APPROVE[role]
    # a pending application may also be refused by suspending it (with a reason)
    assert (suspend_url(vendor) in body) is MAY_APPROVE[role]


@pytest.mark.parametrize("role", ["admin", "shop-manager"])
def test_staff_with_the_permission_approve_a_shop_after_confirming(client, role):
    vendor = VendorFactory()
    login_with_second_factor(client, staff(role))
    # the button's link shows a confirmation page and changes nothing
    confirm = client.get(approve_url(vendor))
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.PENDING
    # confirming (POST) approves
    response = client.post(approve_url(vendor))
    assert response.status_code == 302 and response["Location"] == change_url(vendor)
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.APPROVED
    assert vendor.user.has_role("vendor")
    # an approved shop is not offered "approve" again, but is offered "suspend"
    body = client.get(change_url(vendor)).content.decode()
    assert approve_url(vendor) not in body
    assert suspend_url(vendor) in body


@pytest.mark.parametrize("role", ["admin", "shop-manager"])
def test_staff_with_the_permission_suspend_a_shop_with_a_reason(client, role):
    vendor = approved_vendor()
    login_with_second_factor(client, staff(role))
    form = client.get(suspend_url(vendor))
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    # no reason: the form says so, nothing changes
    refused = client.post(suspend_url(vendor), {"reason": ""})
    assert refused.status_code == 400
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.APPROVED
    # with a reason: suspended, the vendor loses the role and will read the reason
    response = client.post(suspend_url(vendor), {"reason": "Acte de identitate expirate"})
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.SUSPENDED
    assert vendor.status_reason == "Acte de identitate expirate"
    assert not vendor.user.has_role("vendor")
    # a suspended shop may be reinstated (approve), not suspended again
    body = client.get(change_url(vendor)).content.decode()
    assert approve_url(vendor) in body and suspend_url(vendor) not in body


def test_a_support_agent_is_refused_approving_and_suspending_cleanly(client):
    pending, approved = VendorFactory(), approved_vendor()
    login_with_second_factor(client, staff("support-agent"))
    for url in (approve_url(pending), suspend_url(approved)):
        assert client.get(url).status_code == 403
    assert client.post(approve_url(pending)).status_code == 403
    assert client.post(suspend_url(approved), {"reason": "test"}).status_code == 403
    pending.refresh_from_db()
    approved.refresh_from_db()
    assert pending.status == VendorProfile.Status.PENDING
    assert approved.status == VendorProfile.Status.APPROVED


def test_approving_needs_the_csrf_token(client):
    from django.test import Client

    vendor = VendorFactory()
    csrf_client = Client(enforce_csrf_checks=True)
    login_with_second_factor(csrf_client, staff("shop-manager"))
    assert csrf_client.post(approve_url(vendor)).status_code == 403
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.PENDING


def test_bulk_approve_asks_for_confirmation_first(client):
    vendor = VendorFactory()
    login_with_second_factor(client, staff("shop-manager"))
    changelist = reverse("admin:vendors_vendorprofile_changelist")
    first = client.post(changelist, {"action": "approve_selected", "_selected_action": [vendor.pk], "index": 0})
    assert first.status_code == 200
    assert vendor.shop_name in first.content.decode()
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.PENDING
    done = client.post(changelist, {"action": "approve_selected", "_selected_action": [vendor.pk], "post": "yes"})
    assert done.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorProfile.Status.APPROVED
