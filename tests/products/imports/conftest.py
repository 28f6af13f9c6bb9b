"""A signed-in vendor of an approved shop, with the catalogue's reference data loaded."""

import pytest

from tests.factories import approved_vendor, catalogue, login_with_second_factor


@pytest.fixture
def vendor_client(client):
    catalogue()
    vendor = approved_vendor(shop_name="Atelier A", slug="atelier-a")
    login_with_second_factor(client, vendor.user)
    client.vendor = vendor
    return client
