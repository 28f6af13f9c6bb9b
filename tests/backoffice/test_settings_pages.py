from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from marketplace.administration.models import PlatformSettingEntry, PlatformSettings
from marketplace.administration.selectors import platform_settings
from marketplace.administration.services import platform_settings_update
from tests.factories import UserFactory, login_with_second_factor, shop_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    login_with_second_factor(client, shop_manager())
    return client


def test_typed_accessor_has_defaults_before_any_save():
    config = platform_settings()
    assert config.commission_percent == Decimal("15.00")
    assert config.return_days == 14
    assert config.shipping_days == 3
    assert config.auction_duration_hours == (24, 72, 120, 168, 240)
    assert config.soft_close_minutes == 2
    assert config.get("missing", "fallback") == "fallback"


def test_accessor_is_cached_and_invalidated_on_save(django_assert_num_queries):
    platform_settings()
    with django_assert_num_queries(0):
        platform_settings()
    platform_settings_update(actor=None, commission_percent=Decimal("12.50"))
    PlatformSettingEntry.objects.create(key="support-phone", value="+40215550000", description="Support line")
    config = platform_settings()
    assert config.commission_percent == Decimal("12.50")
    assert config.get("support-phone") == "+40215550000"


@pytest.mark.parametrize(
    ("url_name", "data", "field"),
    [
        ("commission_settings", {"commission_percent": "101"}, "commission_percent"),
        ("commission_settings", {"commission_percent": "-1"}, "commission_percent"),
        ("commission_settings", {"commission_percent": "abc"}, "commission_percent"),
        ("return_days_settings", {"return_days": "-3"}, "return_days"),
        ("shipping_deadline_settings", {"shipping_days": "0"}, "shipping_days"),
        ("auction_duration_settings", {"auction_duration_hours": "24, abc", "soft_close_minutes": "2"}, "auction_duration_hours"),
        ("auction_duration_settings", {"auction_duration_hours": "0, 24", "soft_close_minutes": "2"}, "auction_duration_hours"),
        ("auction_duration_settings", {"auction_duration_hours": "24, 24", "soft_close_minutes": "2"}, "auction_duration_hours"),
        ("auction_duration_settings", {"auction_duration_hours": "24", "soft_close_minutes": "-1"}, "soft_close_minutes"),
    ],
)
def test_bad_values_get_a_form_error_and_change_nothing(manager_client, url_name, data, field):
    before = platform_settings()
    response = manager_client.post(reverse(url_name), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert platform_settings() == before
    assert not PlatformSettings.objects.exists()


def test_good_values_are_saved_audited_and_shown(manager_client):
    response = manager_client.post(
        reverse("auction_duration_settings"), {"auction_duration_hours": "168, 24, 72", "soft_close_minutes": "5"}
    )
    assert response.status_code == 302
    config = platform_settings()
    assert config.auction_duration_hours == (24, 72, 168)
    assert config.soft_close_minutes == 5
    assert LogEntry.objects.filter(content_type__model="platformsettings").count() == 1

    manager_client.post(reverse("commission_settings"), {"commission_percent": "17.5"})
    manager_client.post(reverse("return_days_settings"), {"return_days": "30"})
    manager_client.post(reverse("shipping_deadline_settings"), {"shipping_days": "5"})
    config = platform_settings()
    assert (config.commission_percent, config.return_days, config.shipping_days) == (Decimal("17.50"), 30, 5)

    overview = manager_client.get(reverse("admin_settings"))
    assert overview.status_code == 200
    assert "17,50 %" in overview.content.decode()  # a Romanian decimal comma, like the prices


@pytest.mark.parametrize("language", ["ro", "en"])
def test_settings_pages_render_in_both_languages(manager_client, language):
    manager_client.cookies["django_language"] = language
    expected = {"ro": "Comision", "en": "Commission"}[language]
    for name in ["admin_settings", "commission_settings", "return_days_settings", "shipping_deadline_settings", "auction_duration_settings"]:
        response = manager_client.get(reverse(name))
        assert response.status_code == 200, name
    assert expected in manager_client.get(reverse("commission_settings")).content.decode()


def test_a_support_agent_sees_settings_but_cannot_change_them(client):
    agent = UserFactory(roles=["support-agent"], is_staff=True)
    login_with_second_factor(client, agent)
    assert client.get(reverse("commission_settings")).status_code == 403  # no view permission either
    agent_with_view = UserFactory(roles=["support-agent"], is_staff=True)
    from django.contrib.auth.models import Permission

    agent_with_view.user_permissions.add(Permission.objects.get(codename="view_platformsettings"))
    login_with_second_factor(client, agent_with_view)
    assert client.get(reverse("commission_settings")).status_code == 200
    assert client.post(reverse("commission_settings"), {"commission_percent": "50"}).status_code == 403
    assert platform_settings().commission_percent == Decimal("15.00")


def test_settings_pages_need_a_staff_login(client):
    response = client.get(reverse("commission_settings"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
