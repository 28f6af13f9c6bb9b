"""Two shops, two buyers, a piece of each shop: the people of the conversation tests."""

import pytest

from tests.factories import approved_vendor, buyable, customer


@pytest.fixture
def shop():
    return approved_vendor(shop_name="Maison Ana")


@pytest.fixture
def other_shop():
    return approved_vendor(shop_name="Vintage Mihai")


@pytest.fixture
def buyer():
    return customer(email="ioana@example.ro")


@pytest.fixture
def other_buyer():
    return customer(email="radu@example.ro")


@pytest.fixture
def piece(shop):
    return buyable(shop, title="Geantă Kelly 28")


@pytest.fixture
def other_piece(other_shop):
    return buyable(other_shop, title="Pantofi Chanel")


@pytest.fixture
def conversation(buyer, piece):
    from marketplace.chat.services import conversation_start

    return conversation_start(buyer=buyer, product=piece)
