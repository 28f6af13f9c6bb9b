"""`seed_auctions` opens live demo lots through the validation service, once."""

import pytest
from django.core.management import call_command

from marketplace.auctions.models import Auction
from marketplace.auctions.selectors import auction_list_public

pytestmark = pytest.mark.django_db


def test_demo_auctions_are_live_public_and_made_once(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path)}}}
    call_command("seed_demo", verbosity=0)
    call_command("seed_auctions", count=3, verbosity=0)
    assert Auction.objects.count() == 3
    assert auction_list_public().count() == 3
    assert all(a.status == Auction.Status.LIVE and a.product.images.count() == 2 for a in Auction.objects.all())
    call_command("seed_auctions", count=3, verbosity=0)
    assert Auction.objects.count() == 3
