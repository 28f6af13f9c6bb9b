"""`seed_orders` (issue 12): `make run` shows every back office demo orders in each state — paid,
shipped, delivered, cancelled — for both demo shops, made through the order services, once."""

import pytest
from django.core.management import call_command

from marketplace.orders.models import Order, OrderEvent, Payment
from marketplace.vendors.models import VendorProfile

pytestmark = pytest.mark.django_db

STATES = {"paid", "shipped", "delivered", "cancelled"}


@pytest.fixture
def demo(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path)}}}
    call_command("seed_demo", verbosity=0)


def test_each_demo_shop_gets_an_order_in_each_state_once(demo):
    call_command("seed_orders", verbosity=0)
    shops = VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED)
    assert shops.count() == 2
    for shop in shops:
        orders = Order.objects.filter(shipments__vendor=shop)
        assert set(orders.values_list("status", flat=True)) == STATES, shop.shop_name
        # each reached its state through the services: its history has every step, by a person
        shipped = orders.get(status="shipped")
        assert list(shipped.events.filter(type=OrderEvent.Type.STATUS).order_by("pk").values_list("to_status", flat=True)) == [
            "paid", "awb_generated", "shipped",
        ]
        assert orders.get(status="paid").payments.get().status == Payment.Status.SUCCEEDED
        delivered = orders.get(status="delivered")
        assert delivered.paid_at is not None  # the courier collected the cash
        cancelled = orders.get(status="cancelled")
        assert cancelled.cancel_reason and cancelled.events.filter(to_status="cancelled", actor__is_superuser=True).exists()

    call_command("seed_orders", verbosity=0)
    assert Order.objects.count() == 8  # run again: nothing added
