"""The auction settings page: increment table and payment deadline, validated, read through platform_settings()."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.administration.models import validate_bid_increments
from marketplace.administration.selectors import platform_settings
from tests.factories import login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db


def test_defaults_are_the_published_table_and_48_hours():
    config = platform_settings()
    assert config.bid_increments == (
        (D("0"), D("5")), (D("100"), D("10")), (D("500"), D("25")), (D("1000"), D("50")), (D("5000"), D("100")),
        (D("10000"), D("250")),
    )
    assert config.auction_payment_hours == 48


def test_staff_edit_the_table_and_deadline_on_the_auction_settings_page(client):
    login_with_second_factor(client, shop_manager())
    page = client.get(reverse("auction_duration_settings")).content.decode()
    assert "10000: 250" in page
    response = client.post(
        reverse("auction_duration_settings"),
        {"auction_duration_hours": "24, 72", "soft_close_minutes": "3", "bid_increments": "0: 2\n200: 20,5",
         "auction_payment_hours": "24"},
    )
    assert response.status_code == 302
    config = platform_settings()
    assert config.bid_increments == ((D("0"), D("2")), (D("200"), D("20.5")))
    assert (config.auction_payment_hours, config.soft_close_minutes) == (24, 3)


@pytest.mark.parametrize(
    ("table", "hours"),
    [("100: 5", "48"), ("0: 5\n0: 10", "48"), ("0: 0", "48"), ("0: abc", "48"), ("0 5", "48"), ("0: 5", "0"),
     ("0: 5", "1000"), ("0: 5\n50: 0.001", "48")],
)
def test_bad_tables_and_deadlines_get_a_form_error_and_change_nothing(client, table, hours):
    login_with_second_factor(client, shop_manager())
    before = platform_settings()
    response = client.post(
        reverse("auction_duration_settings"),
        {"auction_duration_hours": "24", "soft_close_minutes": "2", "bid_increments": table, "auction_payment_hours": hours},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert platform_settings() == before


@pytest.mark.parametrize(
    "value", [[], "0:5", [["0", "5"], ["100"]], [[1, 5], [100, 10]], [["0", "-1"]], [[0.5, 1]], [["0", "5"], ["0", "6"]]]
)
def test_model_validator_refuses_malformed_tables(value):
    with pytest.raises(ValidationError):
        validate_bid_increments(value)
