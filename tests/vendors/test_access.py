"""One "may this user work as a vendor?" rule: the vendor site, the second-factor middleware and
vendor scoping give the same answer for every kind of user."""

import pytest
from django.test import RequestFactory

from backoffice.middleware import needs_two_factor
from backoffice.sites import vendor_site
from marketplace.accounts.models import User
from marketplace.products.models import Product
from marketplace.vendors.access import may_work_as_vendor, vendor_access_refusal, vendor_scope
from marketplace.vendors.services import vendor_suspend
from tests.factories import VendorFactory, approved_vendor, catalogue, customer, shop_manager, store_product

pytestmark = pytest.mark.django_db


def _approved():
    return approved_vendor().user


def _pending():
    return VendorFactory().user


def _suspended():
    vendor = approved_vendor()
    vendor_suspend(vendor=vendor, actor=None, reason="Facturi lipsă")
    return vendor.user


def _approved_without_the_role():
    """Approved in the data, but the Vendor role was taken away around the services."""
    vendor = approved_vendor()
    vendor.user.groups.clear()
    return vendor.user


USERS = {
    "approved vendor": (_approved, True),
    "pending vendor": (_pending, False),
    "suspended vendor": (_suspended, False),
    "approved shop without the Vendor role": (_approved_without_the_role, False),
    "staff without a shop": (shop_manager, False),
    "buyer": (customer, False),
}


@pytest.mark.parametrize("who", list(USERS))
def test_site_middleware_and_scope_agree(who):
    make, expected = USERS[who]
    user = User.objects.get(pk=make().pk)  # fresh: no cached profile or roles
    catalogue()
    shop = getattr(user, "vendor_profile", None)
    if shop is not None:
        store_product(shop)
    request = RequestFactory().get("/vendors/")
    request.user = user

    assert may_work_as_vendor(user) is expected
    assert (vendor_access_refusal(user) is None) is expected
    assert vendor_site.has_permission(request) is expected
    assert vendor_scope(Product.objects.all(), user=user).exists() is expected
    if not user.is_staff:  # staff need a second factor anyway; for everybody else it is the vendor rule
        assert needs_two_factor(user) is expected


def test_a_refused_user_is_told_why():
    user = User.objects.get(pk=_suspended().pk)
    assert "Facturi lipsă" in vendor_access_refusal(user)
